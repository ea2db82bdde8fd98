/// The element of rank `k` (0-based) of `v` in ascending order, found by quickselect (Hoare's
/// FIND, Commun ACM 1961) with median-of-three pivots: O(n) on average instead of the
/// O(n log n) of sorting. `v` is reordered. NaN must not be present.
///
/// - Precondition: `0 <= k < v.count`.
public func orderStatistic(_ v: inout [Double], rank k: Int) -> Double {
  precondition(k >= 0 && k < v.count, "rank \(k) outside 0..<\(v.count)")
  var lo = 0, hi = v.count - 1
  return v.withUnsafeMutableBufferPointer { a in
    while hi > lo {
      if hi - lo < 16 {
        // Insertion sort of a short range.
        for i in (lo + 1)...hi {
          let x = a[i]
          var j = i - 1
          while j >= lo && a[j] > x { a[j + 1] = a[j]; j -= 1 }
          a[j + 1] = x
        }
        return a[k]
      }
      let mid = lo + (hi - lo) / 2
      if a[mid] < a[lo] { a.swapAt(mid, lo) }
      if a[hi] < a[lo] { a.swapAt(hi, lo) }
      if a[hi] < a[mid] { a.swapAt(hi, mid) }
      let pivot = a[mid]
      var i = lo, j = hi
      while i <= j {
        while a[i] < pivot { i += 1 }
        while a[j] > pivot { j -= 1 }
        if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
      }
      if k <= j { hi = j } else if k >= i { lo = i } else { return a[k] }
    }
    return a[k]
  }
}

/// Median of `v` (the mean of the two middle values for an even count); NaN when empty.
public func median(of v: [Double]) -> Double {
  var w = v
  return median(selectingIn: &w)
}

/// `median(of:)` selected in `w` itself, which is reordered: no copy, for a scratch array.
public func median(selectingIn w: inout [Double]) -> Double {
  guard !w.isEmpty else { return .nan }
  let upper = orderStatistic(&w, rank: w.count / 2)
  guard w.count % 2 == 0 else { return upper }
  // After selection everything below rank n/2 is <= it: the lower middle is their maximum.
  var lower = -Double.infinity
  for i in 0..<(w.count / 2) where w[i] > lower { lower = w[i] }
  return (lower + upper) / 2
}
