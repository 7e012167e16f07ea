//! A hint to the processor to bring a value's cache line in before it is
//! read.
//!
//! A lookup in a table of millions of keys waits on memory. When the keys
//! to look up next are known (joining one table into another), asking for
//! their slots a few keys ahead lets those reads overlap instead of
//! following one another. A plain load does not do it: it must complete
//! before the processor can retire it, and the instructions behind it
//! queue up. The prefetch instruction is the one that does not wait, and
//! `core::arch` offers it only as an `unsafe` function, so it lives in this
//! crate of its own, away from attain's `forbid(unsafe_code)`.
//!
//! It is sound for any reference: a prefetch reads nothing into a register,
//! writes nothing, and never faults, whatever the address.
//!
//! On targets other than x86-64, [`prefetch`] does nothing.

#![deny(unsafe_op_in_unsafe_fn)]

/// Ask for the cache line that holds `value`.
#[inline(always)]
pub fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let at = (value as *const T).cast::<i8>();
        // SAFETY: a prefetch is a hint that never faults and does not
        // access memory as far as the program can tell; `at` comes from a
        // reference besides.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(at) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_prefetch_leaves_the_value_as_it_was() {
        let values = vec![7u64; 1024];
        for v in &values {
            super::prefetch(v);
        }
        assert!(values.iter().all(|v| *v == 7));
    }
}
