import Foundation
import Testing

@testable import Signals

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("XML tree parser")
struct XMLTreeParserTests {
  func parse(_ text: String) throws -> XMLTree { try XMLTreeParser.parse(Data(text.utf8), file: "t.xml") }

  func failure(_ text: String) -> String? {
    do {
      _ = try XMLTreeParser.parse(Data(text.utf8), file: "t.xml")
      return nil
    } catch {
      return error.description
    }
  }

  @Test("elements, attributes, entities, CDATA, comments, DOCTYPE and namespaces")
  func basics() throws {
    let root = try parse(
      """
      <?xml version="1.0"?><!-- c --><!DOCTYPE r SYSTEM "r.dtd" [<!ENTITY x "y">]>
      <p:r xmlns:p="urn:x" a='1 &amp; 2'><b x="&lt;&#65;&#x42;"/>t&gt;<![CDATA[<raw>&amp;]]><?pi?><c>z</c></p:r>
      """)
    #expect(root.name == "r" && root.prefix == "p" && root.declaredNamespace == "urn:x")
    #expect(root.attribute("a") == "1 & 2")
    #expect(root.child("b")?.attribute("x") == "<AB")
    #expect(root.text == "t><raw>&amp;")
    #expect(root.child("c")?.text == "z" && root.elementCount == 3)
  }

  @Test("UTF-16 with and without BOM, UTF-8 BOM and Latin-1 give the same tree")
  func encodings() throws {
    let text = "<?xml version=\"1.0\" encoding=\"ENC\"?><a b=\"é\">ü€</a>"
    func utf16(_ bigEndian: Bool, bom: Bool) -> Data {
      var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
      for unit in text.replacingOccurrences(of: "ENC", with: "UTF-16").utf16 {
        bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
      }
      return Data(bytes)
    }
    for data in [
      utf16(false, bom: true), utf16(true, bom: true), utf16(false, bom: false),
      Data([0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "ENC", with: "UTF-8").utf8)),
    ] {
      let root = try XMLTreeParser.parse(data, file: "e.xml")
      #expect(root.attribute("b") == "é" && root.text == "ü€")
    }
    let latin = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a b=\"".utf8) + [0xE9] + Array("\"/>".utf8)
    #expect(try XMLTreeParser.parse(Data(latin), file: "l.xml").attribute("b") == "é")
  }

  @Test(
    "errors name the line and the problem",
    arguments: [
      ("<a><b></a>", "does not close"), ("<a>", "ends inside <a>"), ("", "empty"), ("<a/><b/>", "second root"),
      ("<a>&bogus;</a>", "unknown entity"), ("<a b=1/>", "quoted value"), ("x<a/>", "outside the root"),
      ("<a><!-- never closed </a>", "before '-->'"), ("</a>", "without a start tag"), ("<?xml?>", "no root element"),
      ("<a x=\"1\"y=\"2\"/>", "white space before an attribute"), ("<a>&#xFFFFFFFF;</a>", "unknown entity"),
    ])
  func errors(_ text: String, _ expected: String) {
    let message = failure(text)
    #expect(message?.contains(expected) == true, "\(message ?? "no error")")
    if !text.isEmpty { #expect(message?.contains("t.xml: XML (line 1)") == true) }
  }

  @Test("nesting deeper than 256 is refused without recursion trouble")
  func depthLimit() {
    let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
    #expect(failure(deep)?.contains("nested deeper than 256") == true)
    let fine = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
    #expect(failure(fine) == nil)
  }
}

private func isBlank(_ scalar: Unicode.Scalar) -> Bool {
  scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t"
}

/// Foundation's XMLParser (libxml2 on Linux) and this parser must see the same elements and
/// the same text in every real file. Serialized: libxml2 is not safe to run in parallel.
@Suite(
  "XML tree parser agrees with Foundation XMLParser", .serialized,
  .enabled(if: XMLFiles.available, XMLFiles.skipNote))
struct XMLParserCrossCheckTests {
  final class Recorder: NSObject, XMLParserDelegate {
    var names: [String] = []
    var textLengths: [Int] = []
    var stack: [Int] = []
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      names.append(elementName)
      textLengths.append(0)
      stack.append(textLengths.count - 1)
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
      stack.removeLast()
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if let top = stack.last { textLengths[top] += string.unicodeScalars.filter { !isBlank($0) }.count }
    }
  }

  @Test("same element names in order and same non-blank text sizes", arguments: XMLFiles.allFiles)
  func sameTree(_ relative: String) throws {
    let data = try XMLFiles.load(relative)
    let recorder = Recorder()
    let parser = XMLParser(data: data)
    parser.shouldProcessNamespaces = true
    parser.delegate = recorder
    #expect(parser.parse())
    var names: [String] = [], textLengths: [Int] = []
    func walk(_ node: XMLTree) {
      names.append(node.name)
      textLengths.append(node.text.unicodeScalars.filter { !isBlank($0) }.count)
      node.children.forEach(walk)
    }
    walk(try XMLTreeParser.parse(data, file: relative))
    #expect(names == recorder.names)
    #expect(names.count > 100)
    let mismatches = zip(textLengths, recorder.textLengths).filter { $0 != $1 }.count
    #expect(mismatches == 0, "\(mismatches) text sizes differ")
  }
}
