import Foundation

/// A heap buffer that several threads write at disjoint indices (each index is written by one iteration only).
final class SharedBuffer<Element>: @unchecked Sendable {
  let pointer: UnsafeMutableBufferPointer<Element>

  init(repeating value: Element, count: Int) {
    pointer = .allocate(capacity: count)
    pointer.initialize(repeating: value)
  }

  deinit {
    pointer.baseAddress?.deinitialize(count: pointer.count)
    pointer.deallocate()
  }

  subscript(index: Int) -> Element {
    get { pointer[index] }
    set { pointer[index] = newValue }
  }

  var array: [Element] { Array(pointer) }
}

/// Runs body(0..<count), spread over threads with `DispatchQueue.concurrentPerform` when `parallel` is true.
/// Iterations must write disjoint data; results never depend on the scheduling.
func forEachIndex(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
  if parallel, count > 1 {
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
  } else {
    for i in 0..<count { body(i) }
  }
}
