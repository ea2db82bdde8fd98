/// The twelve standard leads, in the order carts print them, spelled as LUDB spells them.
public let standardLeads = ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"]

/// The standard lead a signal description names, or nil for anything else.
///
/// Case, spaces and a leading "lead" are ignored; "DI/DII/DIII" (Latin-European spelling) and
/// "MLII"/"MLI"/"MLIII" (the modified limb leads of Holter records such as MIT-BIH, which
/// approximate the limb leads' axes) are accepted as the limb leads; "aVR" and "-aVR" are kept
/// apart (an inverted aVR is not aVR).
public func standardLeadName(_ description: String) -> String? {
  var s = description.lowercased().filter { !$0.isWhitespace }
  if s.hasPrefix("lead") { s.removeFirst(4) }
  switch s {
  case "di", "mli": s = "i"
  case "dii", "mlii": s = "ii"
  case "diii", "mliii": s = "iii"
  default: break
  }
  return standardLeads.contains(s) ? s : nil
}
