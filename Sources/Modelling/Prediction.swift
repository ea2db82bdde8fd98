import Boosting

/// Applies a study's model to new rows.
///
/// - Parameters:
///   - features: feature name -> one value per row; must hold every feature of the model.
///   - sexMale: needed when the entry is sex-specific; rows of the other sex (or unknown sex)
///     get no prediction.
/// - Returns: the rows predicted and their probabilities.
public func predict(
  entry: StudyEntry, booster: Booster, features: [String: [Double]], rowCount: Int, sexMale: [Double]?
) throws(ModellingError) -> (rows: [Int], probabilities: [Float]) {
  let names = booster.featureNames
  var columns: [[Double]] = []
  for f in names {
    guard let c = features[f] else { throw .unknownColumn(name: f, role: "feature of \(entry.target) (\(entry.variant.rawValue))") }
    columns.append(c)
  }
  var rows = Array(0..<rowCount)
  if let restriction = entry.restriction {
    guard let sexMale else {
      throw .invalidOption("\(entry.target) is \(restriction.rawValue)-specific: the data needs a sex column")
    }
    rows = rows.filter { !sexMale[$0].isNaN && (sexMale[$0] == 1) == (restriction == .male) }
  }
  do {
    let matrix = try DMatrix(FeatureMatrix(columns: columns, featureNames: names, rowIndices: rows))
    return (rows, try booster.probabilities(matrix))
  } catch {
    throw .boosting(target: entry.target, variant: entry.variant.rawValue, message: error.description)
  }
}
