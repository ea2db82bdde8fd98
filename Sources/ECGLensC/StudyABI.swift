import Foundation
import Modelling

/// `int32_t ecglens_read_study(const char *path, char **json, char **error)`: the `study.json` of a
/// study folder, read and checked by `Modelling.readStudy` (its folder-format version, its schema),
/// re-encoded as JSON with the same keys (camel case, as the file writes them). `*json` is
/// released with `ecglens_free`. A folder ECGLens cannot read returns `ECGLENS_STUDY` with
/// `readStudy`'s message.
@_cdecl("ecglens_read_study")
public func ecglens_read_study(
  _ path: UnsafePointer<CChar>?, _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  guarded(error) {
    let summary = try readStudy(at: try string(path, name: "path"))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try store(String(decoding: try encoder.encode(summary), as: UTF8.self), in: json, name: "json")
  }
}
