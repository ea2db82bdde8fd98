/// Running median over a sliding window, in O(n log w) time and O(w) memory.
///
/// Output `i` is the median of `x[i - w/2 ... i + (w-1)/2]` (rank `w/2`, the upper median for
/// even `w`), with the signal mirrored at the edges (`d c b a | a b c d | d c b a`), which is
/// SciPy's `ndimage.median_filter(x, size=w, mode='reflect')`. Used for baseline-wander
/// removal with cascaded 200 ms and 600 ms windows (de Chazal et al., IEEE TBME 51(7), 2004).
///
/// Method: two indexed binary heaps (a max-heap for the lower half, a min-heap for the upper)
/// whose entries know their heap position, so the sample leaving the window is removed in
/// O(log w) (Härdle and Steiger, Applied Statistics 44(2), 1995). NaN inputs are not allowed.
public func runningMedian(_ x: [Double], window w: Int) throws(DSPError) -> [Double] {
  guard w >= 1 else { throw .invalidParameter(name: "window", value: Double(w)) }
  let n = x.count
  if n == 0 || w == 1 { return x }
  let before = w / 2, after = (w - 1) / 2
  // Mirrored access to x at any index.
  @inline(__always) func at(_ i: Int) -> Double {
    var j = i
    let period = 2 * n
    j %= period
    if j < 0 { j += period }
    return j < n ? x[j] : x[period - 1 - j]
  }
  let rank = w / 2  // 0-based rank of the median in the sorted window
  var window = SlidingOrderStatistic(capacity: w, lowerCount: rank + 1)
  for i in -before...after { window.insert(at(i), slot: (i + before) % w) }
  var y = [Double](repeating: 0, count: n)
  y[0] = window.median
  if n > 1 {
    for i in 1..<n {
      let leaving = i - 1 - before, entering = i + after
      let slot = (leaving + before) % w  // the slot of the leaving sample
      window.replace(slot: slot, with: at(entering))
      y[i] = window.median
    }
  }
  return y
}

/// Two heaps over the current window: `lower` (max-heap) holds the `lowerCount` smallest values.
private struct SlidingOrderStatistic {
  // Heap entries are slots; values live in `value[slot]`; `where[slot]` = (heap, index).
  var value: [Double]
  var heapOf: [UInt8]
  var position: [Int]
  var lower: [Int] = []  // max-heap by value
  var upper: [Int] = []  // min-heap by value
  let lowerCount: Int

  init(capacity: Int, lowerCount: Int) {
    value = [Double](repeating: 0, count: capacity)
    heapOf = [UInt8](repeating: 0, count: capacity)
    position = [Int](repeating: 0, count: capacity)
    self.lowerCount = lowerCount
    lower.reserveCapacity(capacity)
    upper.reserveCapacity(capacity)
  }

  var median: Double { value[lower[0]] }

  mutating func insert(_ v: Double, slot: Int) {
    value[slot] = v
    if let top = lower.first, v > value[top] {
      push(slot, heap: 1)
    } else {
      push(slot, heap: 0)
    }
    rebalance()
  }

  mutating func replace(slot: Int, with v: Double) {
    remove(slot)
    insert(v, slot: slot)
  }

  private mutating func rebalance() {
    while lower.count > lowerCount {
      let s = popTop(heap: 0)
      push(s, heap: 1)
    }
    while lower.count < lowerCount, !upper.isEmpty {
      let s = popTop(heap: 1)
      push(s, heap: 0)
    }
    // Keep max(lower) <= min(upper) after a removal from either side.
    while let a = lower.first, let b = upper.first, value[a] > value[b] {
      let s0 = popTop(heap: 0), s1 = popTop(heap: 1)
      push(s1, heap: 0)
      push(s0, heap: 1)
    }
  }

  private func before(_ a: Int, _ b: Int, heap: UInt8) -> Bool {
    heap == 0 ? value[a] > value[b] : value[a] < value[b]
  }

  private mutating func push(_ slot: Int, heap: UInt8) {
    heapOf[slot] = heap
    if heap == 0 {
      lower.append(slot)
      position[slot] = lower.count - 1
    } else {
      upper.append(slot)
      position[slot] = upper.count - 1
    }
    siftUp(position[slot], heap: heap)
  }

  private mutating func popTop(heap: UInt8) -> Int {
    let top = heap == 0 ? lower[0] : upper[0]
    removeAt(0, heap: heap)
    return top
  }

  private mutating func remove(_ slot: Int) {
    removeAt(position[slot], heap: heapOf[slot])
  }

  private mutating func removeAt(_ index: Int, heap: UInt8) {
    let lastIndex = (heap == 0 ? lower.count : upper.count) - 1
    swapEntries(index, lastIndex, heap: heap)
    if heap == 0 { lower.removeLast() } else { upper.removeLast() }
    if index < lastIndex {
      siftDown(index, heap: heap)
      siftUp(index, heap: heap)
    }
  }

  private mutating func swapEntries(_ i: Int, _ j: Int, heap: UInt8) {
    guard i != j else { return }
    if heap == 0 {
      lower.swapAt(i, j)
      position[lower[i]] = i
      position[lower[j]] = j
    } else {
      upper.swapAt(i, j)
      position[upper[i]] = i
      position[upper[j]] = j
    }
  }

  private mutating func siftUp(_ start: Int, heap: UInt8) {
    var i = start
    while i > 0 {
      let parent = (i - 1) / 2
      let (a, b) = heap == 0 ? (lower[i], lower[parent]) : (upper[i], upper[parent])
      guard before(a, b, heap: heap) else { return }
      swapEntries(i, parent, heap: heap)
      i = parent
    }
  }

  private func entry(_ i: Int, heap: UInt8) -> Int { heap == 0 ? lower[i] : upper[i] }

  private mutating func siftDown(_ start: Int, heap: UInt8) {
    var i = start
    let count = heap == 0 ? lower.count : upper.count
    while true {
      let l = 2 * i + 1, r = l + 1
      var best = i
      if l < count && before(entry(l, heap: heap), entry(best, heap: heap), heap: heap) { best = l }
      if r < count && before(entry(r, heap: heap), entry(best, heap: heap), heap: heap) { best = r }
      guard best != i else { return }
      swapEntries(i, best, heap: heap)
      i = best
    }
  }
}
