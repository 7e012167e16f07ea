//! An exact running total as a mantissa and a scale: added without a
//! `Decimal` on the way, rescaled when scales differ, never rounded.

use rust_decimal::Decimal;

/// An exact sum, `mantissa × 10^-scale`, kept within what a `Decimal`
/// holds (a 96-bit mantissa, 28 decimals) so that the `Decimal` made at the
/// end is exact. Every path sums this way, row by row or a thread's rows at
/// a time, so the result does not depend on the order: the exact total at
/// the largest scale of its values (`0.10 + 0.2` is `0.30`, `0.5 + -0.5` is
/// `0.0`, never `-0.0`). A sum that does not fit is an overflow, never
/// rounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(in crate::ingest) struct Total {
    pub(in crate::ingest) mantissa: i128,
    pub(in crate::ingest) scale: u32,
}

/// The largest mantissa a `Decimal` holds.
pub(in crate::ingest) const MAX_MANTISSA: i128 = (1 << 96) - 1;

/// The most decimals a `Decimal` holds.
pub(in crate::ingest) const MAX_SCALE: u32 = 28;

impl Total {
    pub(in crate::ingest) fn of(value: Decimal) -> Total {
        Total {
            mantissa: value.mantissa(),
            scale: value.scale(),
        }
    }

    /// Add `other`; false, leaving this total as it was, when the exact sum
    /// would not fit a `Decimal`.
    #[inline(always)]
    pub(in crate::ingest) fn add(&mut self, other: Total) -> bool {
        if self.scale == other.scale {
            return match self.mantissa.checked_add(other.mantissa) {
                Some(sum) if sum.abs() <= MAX_MANTISSA => {
                    self.mantissa = sum;
                    true
                }
                _ => false,
            };
        }
        self.add_rescaled(other)
    }

    /// [`Self::add`] for totals of different scales.
    pub(super) fn add_rescaled(&mut self, other: Total) -> bool {
        let (mut a, mut b) = (self.mantissa, other.mantissa);
        let scale = self.scale.max(other.scale);
        let widen = |m: i128, from: u32| {
            10i128
                .checked_pow(scale - from)
                .and_then(|p| m.checked_mul(p))
        };
        if self.scale < scale {
            let Some(w) = widen(a, self.scale) else {
                return false;
            };
            a = w;
        }
        if other.scale < scale {
            let Some(w) = widen(b, other.scale) else {
                return false;
            };
            b = w;
        }
        match a.checked_add(b) {
            Some(sum) if sum.abs() <= MAX_MANTISSA && scale <= MAX_SCALE => {
                *self = Total {
                    mantissa: sum,
                    scale,
                };
                true
            }
            _ => false,
        }
    }

    /// The total as a `Decimal`; None only if it was built outside `add`.
    pub(in crate::ingest) fn decimal(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.mantissa, self.scale).ok()
    }
}
