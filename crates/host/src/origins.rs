//! Origins, written as the browser writes them, so that the widget compares them exactly: the
//! iframe's `?origins=` list and a configuration's `allowed_origins`.

/// `text` as the browser writes an origin (`MessageEvent.origin`), so that comparing the two is
/// exact: `http` or `https`, the host in lower case, the scheme's default port left out. A lone
/// `/` after it is dropped; anything else is refused with the reason: `*` and `null` (they would
/// let any page, or any sandboxed frame, hear an agent's figures), paths, queries, user names,
/// ports out of range, hosts with characters no host has (write an international name in
/// punycode).
pub fn normalize_origin(text: &str) -> Result<String, String> {
    let text = text.trim();
    let refuse = |why: &str| Err(format!("{text:?} is not an origin: {why}"));
    match text {
        "*" => return refuse("\"*\" would let any page hear the agent's figures"),
        "null" => {
            return refuse("\"null\" would let any sandboxed frame or file talk to the panel")
        }
        _ => {}
    }
    // Cut at the first colon and a `//` after it: a char search, not a substring search, which
    // would bring a searcher of its own into the bundle.
    let Some((scheme, rest)) = text
        .split_once(':')
        .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)))
    else {
        return refuse("expected scheme://host[:port]");
    };
    let (scheme, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "https" => ("https", 443),
        "http" => ("http", 80),
        _ => return refuse("the scheme must be http or https"),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        return refuse("an origin has no path, query or fragment");
    }
    if authority.contains('@') {
        return refuse("an origin has no user name");
    }
    // The host, and the port after the last colon (an IPv6 host is in brackets).
    let (host, port) = match authority.rfind(':') {
        Some(colon) if !authority[colon..].contains(']') => {
            (&authority[..colon], Some(&authority[colon + 1..]))
        }
        _ => (authority, None),
    };
    let host = host.to_ascii_lowercase();
    let ipv6 = host.starts_with('[') && host.ends_with(']') && host.len() > 2;
    let host_chars = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    let valid_host = match ipv6 {
        true => host[1..host.len() - 1]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'),
        false => !host.is_empty() && host.chars().all(host_chars) && !host.starts_with('.'),
    };
    if !valid_host {
        return refuse("the host must be a name (international ones in punycode) or an IP address");
    }
    let port = match port {
        None => None,
        Some(digits) => match digits.parse::<u32>() {
            Ok(port @ 1..=65_535) if digits.bytes().all(|b| b.is_ascii_digit()) => Some(port),
            _ => return refuse("the port must be a number from 1 to 65535"),
        },
    };
    Ok(match port {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}
