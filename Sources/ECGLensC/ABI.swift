// The C ABI's conventions, in one place (ecglens.h states them for C callers):
// - every function that can fail returns an `int32_t` status (`ABIStatus`, 0 = success) and, on
//   failure, stores a message in `*error` (when `error` is not NULL): the text ECGLens prints,
//   naming the file, the lead and the problem;
// - memory the library allocates (messages, JSON and CSV text, variable-length integer arrays) is
//   allocated with malloc and released by the caller with `ecglens_free`; recordings are opaque
//   handles released with `ecglens_recording_free`; fixed-size outputs (a feature row) go into
//   buffers the caller allocates;
// - no Swift error crosses the boundary: each entry point catches everything and maps it here;
// - there is no global mutable state: concurrent calls on different inputs, and concurrent reads
//   of one recording handle, are safe.
import Delineation
import Extraction
import Foundation
import Measurements
import Modelling
import Signals

/// Status codes of the C ABI (`ECGLENS_*` in ecglens.h).
enum ABIStatus: Int32 {
  /// Success.
  case ok = 0
  /// A null pointer, a negative size, an unknown option, an infinite sample: the caller's mistake.
  case invalidArgument = 1
  /// A file could not be read or is not what it should be (a WFDB header, signal file, record list).
  case read = 2
  /// The signals cannot be analysed: an unsupported rate, too short, no usable lead, too few beats.
  case analysis = 3
  /// A study folder cannot be read.
  case study = 4
  /// An error ECGLens did not expect; the message says what it was.
  case `internal` = 5
  /// `ecglens_extract_record`: the record was skipped as `ecglens extract` skips it (the message says why).
  case skipped = 6
}

/// An error at the ABI boundary: its status and its message.
struct ABIError: Error {
  var status: ABIStatus
  var message: String

  init(_ status: ABIStatus, _ message: String) {
    self.status = status
    self.message = message
  }

  /// Any error thrown by the library, classified by its type; the message is its description.
  init(_ error: any Error) {
    switch error {
    case let e as ABIError: self = e
    case let e as SignalsError: self.init(.read, e.description)
    case let e as FormatReadError: self.init(.read, e.description)
    case let e as ExtractionError:
      switch e {
      case .record: self.init(.analysis, e.description)
      default: self.init(.read, e.description)
      }
    case let e as MeasurementsError: self.init(.analysis, e.description)
    case let e as DelineationError: self.init(.analysis, e.description)
    case let e as ModellingError: self.init(.study, e.description)
    default: self.init(.internal, "\(error)")
    }
  }
}

/// Runs `body`, storing the message of any error in `error` and returning its status.
func guarded(_ message: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: () throws -> Void) -> Int32 {
  message?.pointee = nil
  do {
    try body()
    return ABIStatus.ok.rawValue
  } catch {
    let e = ABIError(error)
    message?.pointee = mallocString(e.message)
    return e.status.rawValue
  }
}

/// A malloc'ed, NUL-terminated copy of `text` (released with `ecglens_free`).
func mallocString(_ text: String) -> UnsafeMutablePointer<CChar>? {
  text.withCString { strdup($0) }
}

/// Stores a malloc'ed copy of `text` in `out`; a null `out` is the caller's mistake.
func store(_ text: String, in out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, name: String) throws {
  guard let out else { throw ABIError(.invalidArgument, "\(name) is NULL") }
  guard let copy = mallocString(text) else { throw ABIError(.internal, "out of memory for \(name)") }
  out.pointee = copy
}

/// Stores a malloc'ed copy of `values` in `out` and their number in `count`.
func store(
  _ values: [Int64], in out: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>?, count: UnsafeMutablePointer<Int64>?,
  name: String
) throws {
  guard let out, let count else { throw ABIError(.invalidArgument, "\(name) or its count is NULL") }
  guard let buffer = malloc(max(1, values.count) * MemoryLayout<Int64>.stride)?.assumingMemoryBound(to: Int64.self) else {
    throw ABIError(.internal, "out of memory for \(values.count) values of \(name)")
  }
  values.withUnsafeBufferPointer { source in
    if let base = source.baseAddress { buffer.update(from: base, count: values.count) }
  }
  out.pointee = buffer
  count.pointee = Int64(values.count)
}

/// A required C string argument as a Swift string.
func string(_ pointer: UnsafePointer<CChar>?, name: String) throws -> String {
  guard let pointer else { throw ABIError(.invalidArgument, "\(name) is NULL") }
  return String(cString: pointer)
}

/// JSON text of an encodable value, keys in snake case and sorted.
func jsonText<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.keyEncodingStrategy = .convertToSnakeCase
  encoder.outputFormatting = [.sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// `int32_t ecglens_abi_version(void)`: the version of this ABI (1); raised whenever a signature or
/// an ownership rule changes, so a loader can refuse a library it does not match.
@_cdecl("ecglens_abi_version")
public func ecglens_abi_version() -> Int32 { 1 }

/// `void ecglens_free(void *pointer)`: releases memory the library allocated (messages, text,
/// arrays); NULL is ignored.
@_cdecl("ecglens_free")
public func ecglens_free(_ pointer: UnsafeMutableRawPointer?) { free(pointer) }
