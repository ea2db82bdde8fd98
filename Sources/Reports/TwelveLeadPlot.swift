import Core
import Delineation
import Foundation

/// An ECG as a paper-like strip chart in inline SVG: one row per lead over the first `seconds`
/// of the record, on the standard 25 mm/s and 10 mm/mV grid proportions (small squares 0.04 s by
/// 0.1 mV, large 0.2 s by 0.5 mV), with the delineated fiducials marked: P onset and offset,
/// QRS onset and offset, T offset as ticks, R peaks as dots.
///
/// - Parameters:
///   - leads: signals in mV; `names` their labels; `beats` each lead's fiducials (same order).
///   - samplingRate: Hz.
public func twelveLeadSVG(
  leads: [[Double]], names: [String], beats: [[BeatFiducials]], samplingRate fs: Double, seconds: Double = 10
) -> String {
  let pxPerSecond = 110.0, pxPerMV = 44.0, rowHeight = 88.0, labelWidth = 40.0, top = 30.0
  let n = min(leads.first?.count ?? 0, SamplingRate(hertz: fs).samples(seconds))
  let span = Double(n) / fs
  let width = labelWidth + span * pxPerSecond + 10
  let height = top + rowHeight * Double(leads.count) + 10
  var s = String(
    format: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">", width, height, width,
    height)
  s += "<title>ECG with delineated fiducials</title><rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
  // Grid.
  let gridBottom = top + rowHeight * Double(leads.count)
  var t = 0.0
  while t <= span + 1e-9 {
    let x = labelWidth + t * pxPerSecond
    let major = abs((t / 0.2).rounded() - t / 0.2) < 1e-6
    s += String(
      format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"%@\"/>", x, x, top, gridBottom,
      major ? "#f3b8b8" : "#fbe3e3", major ? "0.8" : "0.4")
    t += 0.04
  }
  var y = top
  while y <= gridBottom + 1e-9 {
    let k = ((y - top) / (0.1 * pxPerMV)).rounded()
    let major = Int(k) % 5 == 0
    s += String(
      format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"%@\"/>", labelWidth, width - 10, y, y,
      major ? "#f3b8b8" : "#fbe3e3", major ? "0.8" : "0.4")
    y += 0.1 * pxPerMV
  }
  // Legend.
  let marks: [(String, String)] = [("P on/off", "#0072B2"), ("QRS on/off", "#D55E00"), ("T off", "#009E73"), ("R peak", "#000000")]
  for (i, (label, colour)) in marks.enumerated() {
    let x = labelWidth + Double(i) * 110
    s += String(
      format: "<rect x=\"%.1f\" y=\"10\" width=\"10\" height=\"10\" fill=\"%@\"/><text x=\"%.1f\" y=\"19\" font-size=\"11\" fill=\"#222\">%@</text>",
      x, colour, x + 14, label)
  }
  s += String(format: "<text x=\"%.1f\" y=\"19\" font-size=\"11\" fill=\"#666\" text-anchor=\"end\">grid: 0.2 s x 0.5 mV</text>", width - 12)
  let step = max(1, Int(fs / 250))
  for (row, lead) in leads.enumerated() {
    let mid = top + rowHeight * (Double(row) + 0.5)
    let window = lead[0..<n].filter { !$0.isNaN }
    let centre = window.isEmpty ? 0 : window.sorted()[window.count / 2]
    func py(_ v: Double) -> Double { min(max(mid - (v - centre) * pxPerMV, mid - rowHeight / 2 + 2), mid + rowHeight / 2 - 2) }
    func px(_ i: Int) -> Double { labelWidth + Double(i) / fs * pxPerSecond }
    s += String(format: "<text x=\"4\" y=\"%.1f\" font-size=\"12\" font-weight=\"bold\" fill=\"#222\">%@</text>", mid + 4, escapeHTML(names[row]))
    var points: [String] = []
    var i = 0
    while i < n {
      if !lead[i].isNaN { points.append(String(format: "%.1f,%.1f", px(i), py(lead[i]))) }
      i += step
    }
    s += "<polyline fill=\"none\" stroke=\"#111\" stroke-width=\"1\" points=\"\(points.joined(separator: " "))\"/>"
    guard row < beats.count else { continue }
    for b in beats[row] where b.rPeak < n {
      func tick(_ v: Int?, _ colour: String) {
        guard let v, v >= 0, v < n else { return }
        s += String(
          format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%@\" stroke-width=\"1.6\"/>", px(v), px(v), py(lead[v]) - 9,
          py(lead[v]) + 9, colour)
      }
      tick(b.pOnset, "#0072B2"); tick(b.pOffset, "#0072B2")
      tick(b.qrsOnset, "#D55E00"); tick(b.qrsOffset, "#D55E00")
      tick(b.tOffset, "#009E73")
      if !lead[b.rPeak].isNaN {
        s += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"#000\"/>", px(b.rPeak), py(lead[b.rPeak]))
      }
    }
  }
  return s + "</svg>"
}
