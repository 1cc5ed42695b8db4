//! Sorting without a copy of the standard library's sort for each type sorted: in the browser
//! every such copy is a few kilobytes of the download. The engine's maps
//! ([`crate::SortedMap`]) sort with it too.

use std::cmp::Ordering;

/// The order of `len` items sorted stably by `compare` (of two items' positions).
fn sorted_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    // The one copy of the standard library's sort the bundle holds.
    #[allow(clippy::disallowed_methods)]
    order.sort_by(|a, b| compare(*a, *b));
    order
}

/// Sorts `items` stably by `compare`, as `slice::sort_by` does; every type shares one sort.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let mut order = sorted_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    // Position `k` takes the item at `order[k]`: each cycle of that permutation is followed
    // once, with swaps, and its positions marked done (`order[k] == k`) on the way.
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // the standard library's sort is the reference
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn sorts_as_the_standard_library_does() {
        // Arrangements with every shape of cycle (fixed points, swaps, long cycles) and ties.
        let mut seed = 7u64;
        for len in 0..40 {
            let items: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    ((seed >> 33) % 8, i)
                })
                .collect();
            let (mut ours, mut std) = (items.clone(), items);
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std);
        }
    }
}
