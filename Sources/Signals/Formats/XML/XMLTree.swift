import Foundation

/// One element of a parsed XML document.
///
/// Names are local names (any `prefix:` removed); attributes keep their qualified names and are
/// looked up by local name. `text` is the element's own character data (CDATA included,
/// entities resolved), concatenated in document order, without the text of its children.
struct XMLTree: Sendable {
  var name: String
  /// The prefix of the element's qualified name, nil when unprefixed.
  var prefix: String?
  var attributes: [(name: String, value: String)]
  var text: String
  var children: [XMLTree]

  init(
    name: String, prefix: String? = nil, attributes: [(name: String, value: String)] = [],
    text: String = "", children: [XMLTree] = []
  ) {
    self.name = name; self.prefix = prefix; self.attributes = attributes; self.text = text
    self.children = children
  }

  /// The value of the attribute with this local name (`xsi:type` is found as `type`).
  func attribute(_ localName: String) -> String? {
    for attribute in attributes {
      if attribute.name == localName { return attribute.value }
      if let colon = attribute.name.lastIndex(of: ":"),
        attribute.name[attribute.name.index(after: colon)...] == localName
      {
        return attribute.value
      }
    }
    return nil
  }

  /// The namespace URI of this element when it is declared on the element itself
  /// (default namespace, or the one bound to the element's prefix).
  var declaredNamespace: String? {
    let wanted = prefix.map { "xmlns:" + $0 } ?? "xmlns"
    return attributes.first { $0.name == wanted }?.value
  }

  /// The first direct child with this local name.
  func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

  /// All direct children with this local name.
  func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

  /// Follows a path of direct children (`["dataacquisition", "signalcharacteristics"]`).
  func path(_ names: [String]) -> XMLTree? {
    var node = self
    for name in names {
      guard let next = node.child(name) else { return nil }
      node = next
    }
    return node
  }

  /// The first element with this local name in document order (depth first), self included.
  func firstDescendant(_ name: String) -> XMLTree? {
    if self.name == name { return self }
    for child in children {
      if let found = child.firstDescendant(name) { return found }
    }
    return nil
  }

  /// All elements with this local name (self included), in document order.
  func descendants(_ name: String) -> [XMLTree] {
    var found: [XMLTree] = []
    collect(name, into: &found)
    return found
  }

  private func collect(_ name: String, into found: inout [XMLTree]) {
    if self.name == name { found.append(self) }
    for child in children { child.collect(name, into: &found) }
  }

  /// The text with surrounding white space removed.
  var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

  /// Number of elements in this subtree, self included.
  var elementCount: Int { 1 + children.reduce(0) { $0 + $1.elementCount } }
}
