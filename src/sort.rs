//! Stable sorting with one copy of the sorting code. The standard
//! library's `sort_by` is compiled anew for every comparison closure, a few
//! kilobytes each time, and the page's WebAssembly had some forty of them.
//! In the page ([`sort_by`] on `wasm32`) every sort puts a
//! list of positions in order with the one comparison-by-reference
//! instance and then moves the items into place; a stable sort's result is
//! the same whichever way it runs, as long as the comparison is a total
//! order, which every caller's is (integers, strings, `f32::total_cmp`).
//! The command line calls the standard library's sort itself.

use std::cmp::Ordering;

/// Sort `v` stably by `cmp` (as `slice::sort_by`).
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    by_positions(v, &mut cmp);
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(|a, b| cmp(a, b));
}

/// Sort `v` stably by the key `key` gives (as `slice::sort_by_key`).
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort `v` stably (as `slice::sort`).
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The page's way: the positions `0..len` sorted stably by comparing the
/// items at them (one instance of the standard library's sort, for
/// `usize`), then the items moved to their places by swaps.
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn by_positions<T>(v: &mut [T], cmp: &mut dyn FnMut(&T, &T) -> Ordering) {
    let order = positions(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    // Place i takes the item first at order[i]. Places before i hold their
    // items already; an item first at a place before i was swapped away to
    // the place that place's own item came from, so follow the order until
    // it leads to a place at or after i.
    for i in 0..order.len() {
        let mut j = order[i];
        while j < i {
            j = order[j];
        }
        v.swap(i, j);
    }
}

#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
fn positions(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The page's sort puts every list in the order the standard
        /// library's stable sort does, equal keys keeping their order.
        #[test]
        fn sorting_by_positions_is_the_standard_stable_sort(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)) {
            let mut ours = v.clone();
            by_positions(&mut ours, &mut |a, b| a.0.cmp(&b.0));
            let mut std_sorted = v;
            std_sorted.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }

    #[test]
    fn floats_by_total_order_and_strings() {
        let mut f = vec![3.5f32, -1.0, 0.0, -0.0, 2.0, f32::NAN, 1.0];
        let mut g = f.clone();
        by_positions(&mut f, &mut f32::total_cmp);
        g.sort_by(f32::total_cmp);
        assert_eq!(
            f.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            g.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        let mut s = vec!["pear".to_string(), "apple".into(), "fig".into(), "apple".into()];
        by_positions(&mut s, &mut |a: &String, b: &String| a.cmp(b));
        assert_eq!(s, ["apple", "apple", "fig", "pear"]);
    }
}
