import ArgumentParser
import Delineation
import Extraction

/// `ecglens validate ...`: score algorithms against expert reference annotations.
struct Validate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Score ECGLens against reference databases.",
    subcommands: [
      ValidateRPeaks.self, ValidateDelineation.self, ValidateMeasurements.self, ValidatePPresence.self, ValidateCart.self,
    ])
}

/// Prints each record a validation could not score and ends with status 1 if there was one.
func reportFailures(_ failures: [(path: String, error: String)], scored: Int) throws {
  for f in failures { warn("error: \(f.path): skipped: \(f.error)") }
  try finishBatch(succeeded: scored, skipped: failures.count)
}
