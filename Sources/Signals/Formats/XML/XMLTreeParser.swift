import Foundation

/// A small non-validating XML 1.0 parser that builds an `XMLTree`.
///
/// It reads elements, attributes, character data, CDATA sections, the five predefined entities
/// and character references (XML 1.0 §2.4, §4.1, §4.6); it skips comments, processing
/// instructions and the DOCTYPE declaration without loading or expanding anything (no external
/// entities, no entity expansion attacks). Nesting deeper than `maximumDepth` is an error, so
/// work and memory stay proportional to the input. Chosen over Foundation's XMLParser because
/// on Linux that one wraps libxml2, whose global state is not safe to use from parallel threads
/// (crashes under parallel Swift Testing are reported), and its error and entity behaviour
/// differs between platforms; this one is pure Swift with no shared state. It is fast enough: a
/// whole read of the vendor files takes 2-9 ms in release builds (see `xml-ecg-bench`).
struct XMLTreeParser {
  static let maximumDepth = 256

  /// Parses a whole document (any encoding `XMLTextEncoding` accepts) into its root element.
  static func parse(_ data: Data, file: String) throws(FormatReadError) -> XMLTree {
    try run(XMLTextEncoding.utf8Bytes(of: data, file: file), file: file, rootStartOnly: false)
  }

  private static func run(_ bytes: [UInt8], file: String, rootStartOnly: Bool) throws(FormatReadError) -> XMLTree {
    try bytes.withUnsafeBufferPointer { (buffer) throws(FormatReadError) -> XMLTree in
      var parser = XMLTreeParser(bytes: buffer, file: file)
      return try parser.parseDocument(rootStartOnly: rootStartOnly)
    }
  }

  /// The root element's start tag only (name, prefix, attributes; no text or children), read
  /// from the beginning of `data` (the rest of the document is not looked at).
  static func rootStartTag(_ data: Data, file: String) throws(FormatReadError) -> XMLTree {
    try run(XMLTextEncoding.utf8Bytes(of: Data(data.prefix(16_384)), file: file), file: file, rootStartOnly: true)
  }

  private struct OpenElement {
    var qualifiedName: String
    var attributes: [(name: String, value: String)]
    var text: [UInt8] = []
    var children: [XMLTree] = []

    func finished() -> XMLTree {
      var name = qualifiedName, prefix: String? = nil
      if let colon = qualifiedName.firstIndex(of: ":") {
        prefix = String(qualifiedName[..<colon])
        name = String(qualifiedName[qualifiedName.index(after: colon)...])
      }
      var isBlank = true
      var position = 0
      while isBlank && position < text.count {
        isBlank = XMLTreeParser.isSpace(text[position])
        position += 1
      }
      return XMLTree(
        name: name, prefix: prefix, attributes: attributes,
        text: isBlank ? "" : String(decoding: text, as: UTF8.self), children: children)
    }
  }

  /// The document's UTF-8 bytes, valid while `run` executes (the parser never outlives it).
  private let bytes: UnsafeBufferPointer<UInt8>
  private let file: String
  private var index = 0

  private init(bytes: UnsafeBufferPointer<UInt8>, file: String) { self.bytes = bytes; self.file = file }

  private mutating func parseDocument(rootStartOnly: Bool) throws(FormatReadError) -> XMLTree {
    var stack: [OpenElement] = []
    var root: XMLTree?
    while index < bytes.count {
      if bytes[index] == 0x3C {  // '<'
        if let early = try parseMarkup(&stack, &root, rootStartOnly: rootStartOnly) { return early }
        continue
      }
      let start = index
      while index < bytes.count && bytes[index] != 0x3C { index += 1 }
      if stack.isEmpty {
        for offset in start..<index where !Self.isSpace(bytes[offset]) {
          throw failure("text outside the root element", at: offset)
        }
      } else {
        try appendText(start..<index, to: &stack[stack.count - 1].text)
      }
    }
    if let open = stack.last { throw failure("the document ends inside <\(open.qualifiedName)> (truncated?)") }
    guard let root else { throw failure("no root element") }
    return root
  }

  /// Reads one markup construct starting at '<'; returns the root start tag when `rootStartOnly`.
  private mutating func parseMarkup(
    _ stack: inout [OpenElement], _ root: inout XMLTree?, rootStartOnly: Bool
  )
    throws(FormatReadError) -> XMLTree?
  {
    if startsWith("<?") {
      try skip(past: "?>")
    } else if startsWith("<!--") {
      try skip(past: "-->")
    } else if startsWith("<![CDATA[") {
      if stack.isEmpty { throw failure("CDATA outside the root element") }
      index += 9
      let start = index
      try skip(past: "]]>")
      stack[stack.count - 1].text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(index - 3)]))
    } else if startsWith("<!DOCTYPE") {
      if root != nil || !stack.isEmpty { throw failure("DOCTYPE inside the document") }
      try skipDoctype()
    } else if startsWith("</") {
      index += 2
      let name = try readName()
      skipSpace()
      try expect(">")
      guard let open = stack.popLast() else { throw failure("end tag </\(name)> without a start tag") }
      if open.qualifiedName != name { throw failure("end tag </\(name)> does not close <\(open.qualifiedName)>") }
      let node = open.finished()
      if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
    } else {
      if root != nil { throw failure("a second root element") }
      if stack.count >= Self.maximumDepth { throw failure("elements nested deeper than \(Self.maximumDepth)") }
      index += 1
      let (element, selfClosing) = try readStartTag()
      if rootStartOnly { return element.finished() }
      if !selfClosing {
        stack.append(element)
      } else if stack.isEmpty {
        root = element.finished()
      } else {
        stack[stack.count - 1].children.append(element.finished())
      }
    }
    return nil
  }

  private mutating func readStartTag() throws(FormatReadError) -> (OpenElement, Bool) {
    let name = try readName()
    var attributes: [(name: String, value: String)] = []
    while true {
      let hadSpace = skipSpace()
      guard index < bytes.count else { throw failure("the document ends inside the tag <\(name)>") }
      if bytes[index] == UInt8(ascii: "/") {
        index += 1
        try expect(">")
        return (OpenElement(qualifiedName: name, attributes: attributes), true)
      }
      if bytes[index] == UInt8(ascii: ">") {
        index += 1
        return (OpenElement(qualifiedName: name, attributes: attributes), false)
      }
      if !hadSpace { throw failure("expected white space before an attribute of <\(name)>") }
      let attributeName = try readName()
      skipSpace()
      try expect("=")
      skipSpace()
      guard index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 else {
        throw failure("attribute \(attributeName) of <\(name)> has no quoted value")
      }
      let quote = bytes[index]
      index += 1
      let start = index
      while index < bytes.count && bytes[index] != quote {
        if bytes[index] == 0x3C { throw failure("'<' in the value of attribute \(attributeName)") }
        index += 1
      }
      guard index < bytes.count else { throw failure("the document ends inside attribute \(attributeName)") }
      var value: [UInt8] = []
      try appendText(start..<index, to: &value)
      index += 1
      attributes.append((attributeName, String(decoding: value, as: UTF8.self)))
    }
  }

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  @discardableResult
  private mutating func skipSpace() -> Bool {
    let start = index
    while index < bytes.count && Self.isSpace(bytes[index]) { index += 1 }
    return index > start
  }

  private mutating func readName() throws(FormatReadError) -> String {
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      if Self.isSpace(byte) || byte == 0x2F || byte == 0x3E || byte == 0x3D || byte == 0x3C
        || byte == 0x22 || byte == 0x27
      {
        break
      }
      index += 1
    }
    if index == start { throw failure("expected a name") }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private func startsWith(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard index + count <= bytes.count else { return false }
    let pointer = literal.utf8Start
    for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
    return true
  }

  private mutating func expect(_ literal: StaticString) throws(FormatReadError) {
    guard startsWith(literal) else { throw failure("expected '\(literal)'") }
    index += literal.utf8CodeUnitCount
  }

  private mutating func skip(past literal: StaticString) throws(FormatReadError) {
    while index < bytes.count {
      if startsWith(literal) {
        index += literal.utf8CodeUnitCount
        return
      }
      index += 1
    }
    throw failure("the document ends before '\(literal)' (truncated?)")
  }

  private mutating func skipDoctype() throws(FormatReadError) {
    var depth = 0
    var quote: UInt8?
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      if let open = quote {
        if byte == open { quote = nil }
      } else if byte == 0x22 || byte == 0x27 {
        quote = byte
      } else if byte == UInt8(ascii: "[") {
        depth += 1
      } else if byte == UInt8(ascii: "]") {
        depth -= 1
      } else if byte == UInt8(ascii: ">") && depth <= 0 {
        return
      }
    }
    throw failure("the document ends inside the DOCTYPE declaration")
  }

  /// Appends character data, resolving entity and character references.
  private func appendText(_ range: Range<Int>, to out: inout [UInt8]) throws(FormatReadError) {
    var position = range.lowerBound
    while position < range.upperBound {
      var ampersand = position
      while ampersand < range.upperBound && bytes[ampersand] != 0x26 { ampersand += 1 }  // '&'
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<ampersand]))
      if ampersand == range.upperBound { return }
      let limit = min(range.upperBound, ampersand + 12)
      var semicolon = ampersand
      while semicolon < limit && bytes[semicolon] != 0x3B { semicolon += 1 }  // ';'
      if semicolon == limit { throw failure("'&' not followed by an entity reference", at: ampersand) }
      let name = String(decoding: bytes[(ampersand + 1)..<semicolon], as: UTF8.self)
      guard let scalar = Self.resolveEntity(name) else { throw failure("unknown entity &\(name);", at: ampersand) }
      out.append(contentsOf: Array(String(Character(scalar)).utf8))
      position = semicolon + 1
    }
  }

  private static func resolveEntity(_ name: String) -> Unicode.Scalar? {
    switch name {
    case "lt": return "<"
    case "gt": return ">"
    case "amp": return "&"
    case "quot": return "\""
    case "apos": return "'"
    default:
      guard name.hasPrefix("#") else { return nil }
      let digits = name.dropFirst()
      let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
      return value.flatMap(Unicode.Scalar.init)
    }
  }

  private func failure(_ reason: String, at position: Int? = nil) -> FormatReadError {
    let end = min(position ?? index, bytes.count)
    var line = 1
    for offset in 0..<end where bytes[offset] == 0x0A { line += 1 }
    return .malformed(file: file, field: "XML (line \(line))", reason: reason)
  }
}
