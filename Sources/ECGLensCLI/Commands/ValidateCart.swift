import ArgumentParser
import Extraction

/// `ecglens validate cart --folder ../shared/data/vendor-formats`.
struct ValidateCart: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cart",
    abstract: "ECGLens's global measurements vs the cart's own (GE 12SL, Philips DXL ...) in vendor files.",
    discussion: """
      Every ECG file under the folder (any format ECGLens reads) is measured as `extract` \
      measures it, and its ventricular rate, PR, QRS, QT, QTc (Bazett) and P, QRS and T axes \
      are set beside the measurements the cart stored in the same file, with the difference \
      (ECGLens - cart; axes as the signed angle). Files without cart measurements are listed; \
      a file that cannot be read is named and the exit status is 1.
      """)

  @Option(help: "Folder of vendor ECG files (e.g. ../shared/data/vendor-formats).")
  var folder: String

  func run() throws {
    let result = try validateCartMeasurements(folder: folder)
    Console.out(result.table)
    try reportFailures(result.failures, scored: result.files + result.withoutCartMeasurements.count)
  }
}
