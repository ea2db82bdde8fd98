import Foundation

/// Direction of each limb lead in the frontal plane under Einthoven's equilateral-triangle
/// model, scaled by how much of the heart vector the lead sees: I = Hx, II = Hx/2 + Hy*sqrt(3)/2,
/// III = II - I, and the augmented leads aVR = -(I + II)/2, aVL = (I - III)/2,
/// aVF = (II + III)/2 (Goldberger), which see only sqrt(3)/2 of the vector. Angles follow the
/// hexaxial convention: lead I at 0 degrees, positive clockwise (aVF at +90).
let limbLeadVectors: KeyValuePairs<String, (x: Double, y: Double)> = [
  "i": (1, 0),
  "ii": (0.5, 0.75.squareRoot()),
  "iii": (-0.5, 0.75.squareRoot()),
  "avr": (-0.75, -0.75.squareRoot() / 2),
  "avl": (0.75, -0.75.squareRoot() / 2),
  "avf": (0, 0.75.squareRoot()),
]

/// Frontal-plane axis (degrees, -180 < axis <= 180) of a wave from its net areas (mV ms) in the
/// limb leads present: the heart vector is the least-squares solution of area_k = v_k . H over
/// the leads' Einthoven vectors (`limbLeadVectors`), so two independent limb leads suffice and
/// six average out noise. This is the geometry the atan2(aVF, I) shortcut gets wrong: aVF sees
/// the vertical component only at sqrt(3)/2, which that shortcut ignores (an error of up to
/// 4 degrees near +/-45 and +/-135). Leads are summed in the order I, II, III, aVR, aVL, aVF.
/// Returns nil with fewer than two leads or when the leads cannot separate x and y
/// (III with aVF only would be fine; I with nothing vertical is not), or when every area is 0.
public func frontalAxis(netAreas: [String: Double]) -> Double? {
  var sxx = 0.0, sxy = 0.0, syy = 0.0, bx = 0.0, by = 0.0
  var count = 0
  // Summed in the fixed lead order, so the result does not depend on a dictionary's order.
  for (lead, v) in limbLeadVectors {
    guard let area = netAreas[lead], area.isFinite else { continue }
    sxx += v.x * v.x; sxy += v.x * v.y; syy += v.y * v.y
    bx += v.x * area; by += v.y * area
    count += 1
  }
  let det = sxx * syy - sxy * sxy
  guard count >= 2, det > 1e-9 else { return nil }
  let hx = (syy * bx - sxy * by) / det, hy = (sxx * by - sxy * bx) / det
  guard hx != 0 || hy != 0 else { return nil }
  return atan2(hy, hx) * 180 / .pi
}

/// Frontal QRS-T angle (degrees, 0...180): the absolute difference of the QRS and T axes,
/// folded so that it is the smaller angle between them (Zhang et al., Circulation 2007).
public func qrsTAngle(qrsAxis: Double, tAxis: Double) -> Double {
  let d = abs(qrsAxis - tAxis).truncatingRemainder(dividingBy: 360)
  return d > 180 ? 360 - d : d
}

/// An axis in the -90...270 range that GE and Philips carts (and MIMIC-IV-ECG's
/// machine_measurements.csv) print.
public func cartAxisConvention(_ degrees: Double) -> Double {
  degrees <= -90 ? degrees + 360 : degrees
}
