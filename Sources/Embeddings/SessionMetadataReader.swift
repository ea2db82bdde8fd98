import COnnxRuntime
import Foundation

/// Reads a session's input and output names, element types and shapes through the C API.
struct SessionMetadataReader {
  let runtime: OnnxRuntime
  let session: OpaquePointer
  let modelPath: String

  /// All inputs (`output == false`) or all outputs of the session, in graph order.
  func tensors(output: Bool) throws -> [OnnxTensorInfo] {
    let api = runtime.api
    var count = 0
    let countStatus =
      output
      ? ecg_ort_session_get_output_count(api, session, &count) : ecg_ort_session_get_input_count(api, session, &count)
    try runtime.check(countStatus, output ? "SessionGetOutputCount" : "SessionGetInputCount", model: modelPath)
    return try (0..<count).map { try tensor(at: $0, output: output) }
  }

  private func tensor(at index: Int, output: Bool) throws -> OnnxTensorInfo {
    let api = runtime.api
    let name = try self.name(at: index, output: output)
    var typeInfo: OpaquePointer?
    let typeStatus =
      output
      ? ecg_ort_session_get_output_type_info(api, session, index, &typeInfo)
      : ecg_ort_session_get_input_type_info(api, session, index, &typeInfo)
    try runtime.check(typeStatus, output ? "SessionGetOutputTypeInfo" : "SessionGetInputTypeInfo", model: modelPath)
    defer { ecg_ort_release_type_info(api, typeInfo) }
    // The tensor view is owned by typeInfo (not released separately); NULL for sequences and maps.
    var tensorInfo: OpaquePointer?
    try runtime.check(
      ecg_ort_cast_type_info_to_tensor_info(api, typeInfo, &tensorInfo), "CastTypeInfoToTensorInfo", model: modelPath)
    guard let tensorInfo else {
      return OnnxTensorInfo(name: name, elementType: .undefined, shape: [], dimensionNames: [])
    }
    var elementType: Int32 = 0
    try runtime.check(
      ecg_ort_get_tensor_element_type(api, tensorInfo, &elementType), "GetTensorElementType", model: modelPath)
    let dims = try Self.dimensions(runtime: runtime, info: tensorInfo, modelPath: modelPath)
    var symbols = [UnsafePointer<CChar>?](repeating: nil, count: dims.count)
    try runtime.check(
      ecg_ort_get_symbolic_dimensions(api, tensorInfo, &symbols, symbols.count), "GetSymbolicDimensions",
      model: modelPath)
    return OnnxTensorInfo(
      name: name, elementType: OnnxElementType(rawValue: elementType),
      shape: dims.map { $0 >= 0 ? Int($0) : nil },
      dimensionNames: symbols.map { $0.map { String(cString: $0) } ?? "" })
  }

  private func name(at index: Int, output: Bool) throws -> String {
    let api = runtime.api
    var allocator: OpaquePointer?
    try runtime.check(
      ecg_ort_get_allocator_with_default_options(api, &allocator), "GetAllocatorWithDefaultOptions", model: modelPath)
    var pointer: UnsafeMutablePointer<CChar>?
    let status =
      output
      ? ecg_ort_session_get_output_name(api, session, index, allocator, &pointer)
      : ecg_ort_session_get_input_name(api, session, index, allocator, &pointer)
    try runtime.check(status, output ? "SessionGetOutputName" : "SessionGetInputName", model: modelPath)
    guard let pointer else { return "" }
    let name = String(cString: pointer)
    try runtime.check(ecg_ort_allocator_free(api, allocator, pointer), "AllocatorFree", model: modelPath)
    return name
  }

  /// The dimensions stored in an `OrtTensorTypeAndShapeInfo`; -1 marks a free dimension.
  static func dimensions(runtime: OnnxRuntime, info: OpaquePointer?, modelPath: String) throws -> [Int64] {
    let api = runtime.api
    var rank = 0
    try runtime.check(ecg_ort_get_dimensions_count(api, info, &rank), "GetDimensionsCount", model: modelPath)
    var dims = [Int64](repeating: 0, count: rank)
    try runtime.check(ecg_ort_get_dimensions(api, info, &dims, rank), "GetDimensions", model: modelPath)
    return dims
  }
}
