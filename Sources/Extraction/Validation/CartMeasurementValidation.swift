import Core
import Foundation
import Measurements
import Signals

/// One quantity of one file: the cart's own value and ECGLens's from the same waveform.
public struct CartComparison: Sendable, Equatable {
  /// The file, as discovered.
  public var file: String
  /// The format read (`RecordingFormat` raw value: ge-muse, philips-sierra, ...).
  public var vendor: String
  /// Who measured on the cart ("GE 12SL", "Philips DXL", ...), empty where the file does not say.
  public var program: String
  /// `CartQuantity` raw value: rate, pr, qrs, qt, qtc, p_axis, qrs_axis, t_axis.
  public var quantity: String
  /// The cart's value (bpm, ms or degrees); NaN where the file lacks it.
  public var cart: Double
  /// ECGLens's value in the same unit; NaN where ECGLens did not measure it.
  public var ecglens: Double

  /// ECGLens minus cart; for axes the signed angle between them in (-180, 180] degrees.
  public var difference: Double {
    let d = ecglens - cart
    guard quantity.hasSuffix("axis"), !d.isNaN else { return d }
    let wrapped = (d + 180).truncatingRemainder(dividingBy: 360)
    return (wrapped <= 0 ? wrapped + 360 : wrapped) - 180
  }
}

/// The quantities compared, with their unit: ventricular rate (bpm), PR, QRS, QT, QTc by Bazett
/// (ms; GE 12SL and Philips DXL both report Bazett's QTc by default), and the frontal P, QRS and
/// T axes (degrees).
public let cartQuantities: [(name: String, unit: String)] = [
  ("rate", "bpm"), ("pr", "ms"), ("qrs", "ms"), ("qt", "ms"), ("qtc", "ms"),
  ("p_axis", "deg"), ("qrs_axis", "deg"), ("t_axis", "deg"),
]

/// ECGLens's measurements against the cart's own on every vendor file of a folder.
public struct CartMeasurementValidation: Sendable {
  /// One entry per file and quantity, files in discovery order.
  public var comparisons: [CartComparison] = []
  /// Files read that carry no cart measurements.
  public var withoutCartMeasurements: [String] = []
  /// Files that could not be read or measured, with the reason.
  public var failures: [(path: String, error: String)] = []

  /// Files compared.
  public var files: Int { Set(comparisons.map(\.file)).count }

  /// Per quantity: files where both sides have a value, mean difference and SD (ECGLens - cart).
  public var summary: [(quantity: String, unit: String, files: Int, mean: Double, sd: Double)] {
    cartQuantities.map { q in
      let d = comparisons.filter { $0.quantity == q.name && !$0.difference.isNaN }.map(\.difference)
      return (q.name, q.unit, d.count, mean(d), standardDeviation(d))
    }
  }

  /// The printed report: every file's values side by side, then the summary.
  public var table: String {
    func cell(_ v: Double, _ format: String = "%.0f") -> String { v.isNaN ? "-" : String(format: format, v) }
    func row(_ cells: [String], _ widths: [Int]) -> String {
      zip(cells, widths).map { cell, width in
        let text = cell.count > abs(width) ? String(cell.prefix(abs(width))) : cell
        let pad = String(repeating: " ", count: abs(width) - text.count)
        return width < 0 ? text + pad : pad + text
      }.joined(separator: " ")
    }
    let widths = [-44, -15, -24, -9, 6, 8, 5]
    var lines = [
      "Cart measurements vs ECGLens on the same waveform (diff = ECGLens - cart). A sanity check on \(files) files, "
        + "not a validation.",
      "",
      row(["file", "vendor", "program", "quantity", "cart", "ecglens", "diff"], widths),
    ]
    for c in comparisons {
      lines.append(
        row(
          [
            c.file, c.vendor, c.program.isEmpty ? "-" : c.program, c.quantity, cell(c.cart), cell(c.ecglens),
            cell(c.difference, "%+.0f"),
          ], widths))
    }
    let summaryWidths = [-9, -4, 6, 10, 7]
    lines += ["", row(["quantity", "unit", "files", "mean diff", "SD"], summaryWidths)]
    for s in summary {
      lines.append(
        row(
          [s.quantity, s.unit, String(s.files), cell(s.mean, "%+.1f"), s.files < 2 ? "-" : cell(s.sd, "%.1f")],
          summaryWidths))
    }
    if !withoutCartMeasurements.isEmpty {
      lines += ["", "without cart measurements: " + withoutCartMeasurements.joined(separator: ", ")]
    }
    return lines.joined(separator: "\n")
  }
}

/// Reads every ECG file under `folder` (`discoverRecords`), measures it as `extract` does
/// (`readRecording(at:)`, limb leads completed by `completingTwelveLeads`, `measureECG`) and sets
/// each global measurement beside the cart's own (`ECGRecording.cartMeasurements`: GE 12SL,
/// Philips DXL, ...). QTc is Bazett's from ECGLens's median QT and mean RR. Files are named
/// relative to `folder`. A file that cannot be read or measured is a failure; the rest go on.
///
/// - Throws: `ExtractionError.notFound` when the folder holds no ECG file.
public func validateCartMeasurements(folder: String) throws(ExtractionError) -> CartMeasurementValidation {
  var v = CartMeasurementValidation()
  let prefix = folder.hasSuffix("/") ? folder : folder + "/"
  for path in try discoverRecords([folder]) {
    let name = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    do {
      let ecg = completingTwelveLeads(try readRecording(at: path))
      guard let cart = ecg.cartMeasurements else {
        v.withoutCartMeasurements.append(name)
        continue
      }
      let m = try measureECG(leads: ecg.leads.map(\.samples), descriptions: ecg.leads.map(\.name), samplingRate: ecg.samplingRate)
      let pairs: [(Double?, Double)] = [
        (cart.ventricularRateBpm, m.heartRate), (cart.prMs, m.pr), (cart.qrsMs, m.qrs), (cart.qtMs, m.qt),
        (cart.qtcMs, m.qtc(.bazett)), (cart.pAxisDeg, m.pAxis), (cart.qrsAxisDeg, m.qrsAxis), (cart.tAxisDeg, m.tAxis),
      ]
      for (q, (cartValue, measured)) in zip(cartQuantities, pairs) {
        v.comparisons.append(
          CartComparison(
            file: name, vendor: ecg.format.rawValue, program: cart.program ?? "", quantity: q.name,
            cart: cartValue ?? .nan, ecglens: measured))
      }
    } catch {
      v.failures.append((name, "\(error)"))
    }
  }
  return v
}
