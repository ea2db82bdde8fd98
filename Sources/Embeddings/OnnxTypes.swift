/// Graph optimisation level applied when a session loads its model (`GraphOptimizationLevel`).
public enum OnnxGraphOptimization: Int32, Sendable {
  case disabled = 0, basic = 1, extended = 2, all = 99
}

/// Options for one ``OnnxSession``.
public struct OnnxSessionOptions: Sendable, Equatable {
  /// Threads used inside one operator (`SetIntraOpNumThreads`); 0 lets ONNX Runtime choose (one per core).
  /// Defaults to 1, the right choice when the caller already runs one session per record in parallel.
  public var intraOpThreads: Int
  /// Threads running independent graph nodes (`SetInterOpNumThreads`); only used by parallel execution.
  public var interOpThreads: Int
  /// Graph optimisations applied at load time.
  public var optimization: OnnxGraphOptimization

  public init(intraOpThreads: Int = 1, interOpThreads: Int = 1, optimization: OnnxGraphOptimization = .all) {
    self.intraOpThreads = intraOpThreads
    self.interOpThreads = interOpThreads
    self.optimization = optimization
  }
}

/// Element type of an ONNX tensor (`ONNXTensorElementDataType`, the ONNX `TensorProto.DataType` numbers).
public struct OnnxElementType: RawRepresentable, Sendable, Equatable, CustomStringConvertible {
  public let rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }

  public static let undefined = OnnxElementType(rawValue: 0)
  public static let float = OnnxElementType(rawValue: 1)
  public static let uint8 = OnnxElementType(rawValue: 2)
  public static let int8 = OnnxElementType(rawValue: 3)
  public static let int32 = OnnxElementType(rawValue: 6)
  public static let int64 = OnnxElementType(rawValue: 7)
  public static let float16 = OnnxElementType(rawValue: 10)
  public static let double = OnnxElementType(rawValue: 11)

  public var description: String {
    let names = [
      0: "undefined", 1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64",
      8: "string", 9: "bool", 10: "float16", 11: "float64", 12: "uint32", 13: "uint64", 14: "complex64",
      15: "complex128", 16: "bfloat16",
    ]
    return names[Int(rawValue)] ?? "type \(rawValue)"
  }
}

/// Name, element type and shape of one model input or output, as the model declares it.
public struct OnnxTensorInfo: Sendable, Equatable, CustomStringConvertible {
  public let name: String
  public let elementType: OnnxElementType
  /// One entry per dimension: the fixed size, or nil for a free dimension (e.g. a dynamic batch).
  public let shape: [Int?]
  /// The symbolic name of each dimension ("batch"), or "" where the model gives none.
  public let dimensionNames: [String]

  public init(name: String, elementType: OnnxElementType, shape: [Int?], dimensionNames: [String]) {
    self.name = name
    self.elementType = elementType
    self.shape = shape
    self.dimensionNames = dimensionNames
  }

  public var description: String {
    let dims = zip(shape, dimensionNames).map { size, name in size.map(String.init) ?? (name.isEmpty ? "?" : name) }
    return "\(name): \(elementType) [\(dims.joined(separator: ", "))]"
  }
}

/// A dense float32 tensor in row-major (C) order.
public struct FloatTensor: Sendable, Equatable {
  public let shape: [Int]
  public let values: [Float]

  public init(shape: [Int], values: [Float]) {
    precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
    self.shape = shape
    self.values = values
  }
}
