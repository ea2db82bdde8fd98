import Foundation

/// Philips XLI limb-lead reconstruction.
///
/// In XLI-compressed SierraECG data the channels labelled III, aVR, aVL and aVF do not hold
/// those leads but small residuals against the Einthoven / Goldberger values computed from
/// I and II; the leads are rebuilt as (integer arithmetic, division truncating toward zero):
///
///     III = II - I - s3
///     aVR = -s4 - (I + II) / 2
///     aVL = (I - III) / 2 - s5
///     aVF = (II + III) / 2 - s6
///
/// (sierra-ecg-tools wiki, "Limb Lead Reconstruction Scheme"). Truncation rather than flooring
/// was checked against the HL7 aECG that Philips' own converter made from
/// `ad4d3d80-d165_1-04_orig.xml`: on samples where the halved sum is negative and odd, the
/// truncating result differs from the aECG by +0.02 LSB on average, the flooring one by +-1 LSB.
enum PhilipsLimbLeads {
  /// The six limb-lead labels in the order this reconstruction requires.
  static let storedOrder = ["I", "II", "III", "aVR", "aVL", "aVF"]

  /// True when `labels` start with I, II, III, aVR, aVL, aVF (standard spelling).
  static func applies(to labels: [String]) -> Bool {
    labels.count >= 6 && Array(labels.prefix(6)) == storedOrder
  }

  /// Rebuilds channels 3-6 in place; all six channels must have the same length.
  static func reconstruct(_ channels: inout [[Int]]) {
    let count = channels[0].count
    guard channels.prefix(6).allSatisfy({ $0.count == count }) else { return }
    for index in 0..<count {
      let leadI = channels[0][index], leadII = channels[1][index]
      let leadIII = leadII - leadI - channels[2][index]
      channels[2][index] = leadIII
      channels[3][index] = -channels[3][index] - (leadI + leadII) / 2
      channels[4][index] = (leadI - leadIII) / 2 - channels[4][index]
      channels[5][index] = (leadII + leadIII) / 2 - channels[5][index]
    }
  }
}
