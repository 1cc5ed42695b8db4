//! Customer keys under a secret. A customer key (a phone number's tail, an account number) is
//! hashed as it is parsed, but that hash alone is no protection: for a key of eight bytes or
//! less it is a bijection, and a longer one falls to trying every likely key. So the engine
//! keys it once more with a secret of 128 bits it is given ([`Engine::set_customer_secret`]):
//! SipHash-2-4, a keyed pseudo-random function. Without the secret, what is stored (a save, the
//! contacts and FCR candidates in memory) gives no customer key back, even by trying them all;
//! with it, it does. The browser side keeps a random secret per storage key apart from the save
//! (or takes one the host configures); FCR needs the same secret for a customer's contacts to be
//! matched, so a lost secret means repeats across it go unseen.
//!
//! [`Engine::set_customer_secret`]: super::Engine::set_customer_secret

use siphasher::sip::SipHasher24;
use std::hash::Hasher;

/// The secret customer keys are hashed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CustomerSecret(u64, u64);

impl CustomerSecret {
    pub fn new(bytes: [u8; 16]) -> CustomerSecret {
        let (k0, k1) = bytes.split_at(8);
        let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or_default());
        CustomerSecret(word(k0), word(k1))
    }

    /// A secret from a text the host configures (a passphrase of its own): its SipHash under
    /// two fixed keys, so that the same text gives the same secret in every tab and page.
    pub fn from_text(text: &str) -> CustomerSecret {
        let half = |k0, k1| {
            let mut hasher = SipHasher24::new_with_keys(k0, k1);
            hasher.write(text.as_bytes());
            hasher.finish()
        };
        CustomerSecret(
            half(0x6167_656e_742d_6b70, 0x692d_6375_7374_6f6d),
            half(0x6b65_792d_7365_6372, 0x6574_2d66_726f_6d2d),
        )
    }

    /// The stored form of a customer key whose plain hash is `plain`.
    pub fn key(self, plain: u64) -> u64 {
        let mut hasher = SipHasher24::new_with_keys(self.0, self.1);
        hasher.write_u64(plain);
        hasher.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recent::hash_bytes;

    #[test]
    fn a_short_key_cannot_be_read_back_without_the_secret() {
        let plain = hash_bytes(b"C-004211");
        let (one, other) = (CustomerSecret::new([1; 16]), CustomerSecret::new([2; 16]));
        // The same key under one secret is one value, under another another, and neither is
        // the plain hash (which, for eight bytes, gives the key back).
        assert_eq!(one.key(plain), one.key(plain));
        assert_ne!(one.key(plain), other.key(plain));
        assert_ne!(one.key(plain), plain);
        // SipHash-2-4 as its authors give it: key 00..0f, the 8-byte message 00..07.
        let reference = CustomerSecret::new(std::array::from_fn(|i| i as u8));
        assert_eq!(
            reference.key(u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7])),
            0x93f5_f579_9a93_2462
        );
        assert_eq!(
            CustomerSecret::from_text("s3cret"),
            CustomerSecret::from_text("s3cret")
        );
        assert_ne!(
            CustomerSecret::from_text("s3cret"),
            CustomerSecret::from_text("s3cret!")
        );
    }
}
