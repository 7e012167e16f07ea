//! Where four given bytes are in a buffer, as one bitmask per byte and
//! 64-byte window: bit `i` of `masks[k]` of window `w` is set when
//! `bytes[64 * w + i] == needles[k]`.
//!
//! A CSV reader that knows where every line break, delimiter, quote and
//! carriage return is can split records and fields with bit operations
//! instead of a search per line and per field (the approach of simdjson's
//! structural index and of the `simd-csv` crate). Finding them 16 or 32
//! bytes per instruction needs the processor's vector compares, which
//! `core::arch` offers only as `unsafe` functions, so they live in this
//! crate of its own, away from attain's `forbid(unsafe_code)`.
//!
//! It is sound because each vector function is called only where its
//! instructions exist: SSE2 is part of every x86-64 processor (and of the
//! target's baseline, checked at compile time), AVX2 is used only after
//! the processor says it has it. The loads are unaligned loads from
//! 64-byte arrays the borrow checker has already bounds-checked.
//!
//! Elsewhere, and for any tail shorter than a window, the masks are
//! computed eight bytes at a time in portable code; every version gives
//! the same masks (a test compares them on random bytes).

#![deny(unsafe_op_in_unsafe_fn)]

/// One window's masks, one per needle.
pub type Masks = [u64; 4];

/// The masks of every 64-byte window of `bytes`, in order, into `out`
/// (cleared first). The last window may be shorter: its bits past the end
/// of `bytes` are clear.
pub fn classify(bytes: &[u8], needles: [u8; 4], out: &mut Vec<Masks>) {
    out.clear();
    out.reserve(bytes.len().div_ceil(64));
    let whole = bytes.len() / 64 * 64;
    let (windows, tail) = bytes.split_at(whole);
    classify_windows(windows, needles, out);
    if !tail.is_empty() {
        let mut last = [0u8; 64];
        last[..tail.len()].copy_from_slice(tail);
        let valid = (1u64 << tail.len()) - 1;
        out.push(portable(&last, needles).map(|m| m & valid));
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn classify_windows(windows: &[u8], needles: [u8; 4], out: &mut Vec<Masks>) {
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2 (just checked).
        unsafe { x86::avx2_all(windows, needles, out) }
    } else {
        // SAFETY: SSE2 is enabled for the whole target (the cfg above).
        unsafe { x86::sse2_all(windows, needles, out) }
    }
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn classify_windows(windows: &[u8], needles: [u8; 4], out: &mut Vec<Masks>) {
    out.extend(each_window(windows).map(|w| portable(w, needles)));
}

/// The 64-byte windows of `bytes`, whose length is a multiple of 64.
fn each_window(bytes: &[u8]) -> impl Iterator<Item = &[u8; 64]> {
    bytes
        .chunks_exact(64)
        .map(|w| w.try_into().expect("chunks_exact gives 64 bytes"))
}

/// A window's masks eight bytes at a time: a byte equal to the needle is a
/// zero byte of `word ^ needle × 8`, whose high bit the classic zero-byte
/// test sets; a multiply gathers the eight high bits into one byte.
fn portable(window: &[u8; 64], needles: [u8; 4]) -> Masks {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut masks = [0u64; 4];
    for (i, word) in window.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("chunks_exact gives 8 bytes"));
        for (mask, needle) in masks.iter_mut().zip(needles) {
            let x = word ^ u64::from_ne_bytes([needle; 8]);
            // Exact (no borrow from a lower byte): the high bit of each
            // byte of x, or of its low seven bits plus 0x7f.
            let zero = !(((x & LOW7) + LOW7) | x | LOW7);
            let bits = (zero >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
            *mask |= bits << (8 * i);
        }
    }
    masks
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod x86 {
    use super::{Masks, each_window};
    use core::arch::x86_64::{
        __m128i, __m256i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_set1_epi8,
    };

    /// # Safety
    /// The processor must have AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn avx2_all(windows: &[u8], needles: [u8; 4], out: &mut Vec<Masks>) {
        let n = needles.map(|b| _mm256_set1_epi8(b as i8));
        for window in each_window(windows) {
            let ptr = window.as_ptr().cast::<__m256i>();
            // SAFETY: both 32-byte loads are inside the 64-byte array, and
            // `loadu` needs no alignment.
            let (lo, hi) = unsafe { (_mm256_loadu_si256(ptr), _mm256_loadu_si256(ptr.add(1))) };
            out.push(n.map(|needle| {
                let a = _mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, needle)) as u32;
                let b = _mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, needle)) as u32;
                u64::from(a) | (u64::from(b) << 32)
            }));
        }
    }

    /// # Safety
    /// The processor must have SSE2 (every x86-64 processor has).
    #[target_feature(enable = "sse2")]
    pub(super) unsafe fn sse2_all(windows: &[u8], needles: [u8; 4], out: &mut Vec<Masks>) {
        let n = needles.map(|b| _mm_set1_epi8(b as i8));
        for window in each_window(windows) {
            let ptr = window.as_ptr().cast::<__m128i>();
            // SAFETY: the four 16-byte loads are inside the 64-byte array,
            // and `loadu` needs no alignment.
            let v = unsafe {
                [
                    _mm_loadu_si128(ptr),
                    _mm_loadu_si128(ptr.add(1)),
                    _mm_loadu_si128(ptr.add(2)),
                    _mm_loadu_si128(ptr.add(3)),
                ]
            };
            out.push(n.map(|needle| {
                v.iter().enumerate().fold(0u64, |mask, (i, &part)| {
                    let bits = _mm_movemask_epi8(_mm_cmpeq_epi8(part, needle)) as u16;
                    mask | (u64::from(bits) << (16 * i))
                })
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(bytes: &[u8], needles: [u8; 4]) -> Vec<Masks> {
        bytes
            .chunks(64)
            .map(|w| {
                needles.map(|needle| {
                    w.iter()
                        .enumerate()
                        .filter(|&(_, &b)| b == needle)
                        .fold(0, |m, (i, _)| m | 1 << i)
                })
            })
            .collect()
    }

    /// Bytes from a small generator, weighted towards the needles.
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match x % 8 {
                    0 => b'\n',
                    1 => b',',
                    2 => b'"',
                    3 => b'\r',
                    4 => 0,
                    _ => (x >> 8) as u8,
                }
            })
            .collect()
    }

    #[test]
    fn every_version_finds_every_needle_and_nothing_else() {
        let needles = [b'\n', b',', b'"', b'\r'];
        let mut out = Vec::new();
        for (seed, len) in (1..200).map(|s| (s as u64, (s * 37) % 700)) {
            let data = bytes(seed, len);
            let want = reference(&data, needles);
            classify(&data, needles, &mut out);
            assert_eq!(out, want, "len {len}");
            let windows = &data[..data.len() / 64 * 64];
            let portable: Vec<_> = each_window(windows).map(|w| portable(w, needles)).collect();
            assert_eq!(portable[..], want[..windows.len() / 64]);
            #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
            {
                let mut sse2 = Vec::new();
                // SAFETY: SSE2 is part of the target.
                unsafe { x86::sse2_all(windows, needles, &mut sse2) };
                assert_eq!(sse2[..], want[..windows.len() / 64]);
            }
        }
    }

    #[test]
    fn a_zero_needle_finds_nothing_past_the_end() {
        let mut out = Vec::new();
        classify(&[0, 1, 0], [0, 1, 2, 3], &mut out);
        assert_eq!(out, vec![[0b101, 0b010, 0, 0]]);
    }
}
