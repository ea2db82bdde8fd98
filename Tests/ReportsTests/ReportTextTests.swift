import ECGLensTestSupport
import Foundation
import Measurements
import Reports
import Testing

@Suite struct ReportTextTests {
  @Test func pathsAreMadeRelativeToTheStudyFolder() {
    #expect(relativePath("/work/runs/chapman/features.csv", from: "/work/runs/chapman/study") == "../features.csv")
    #expect(relativePath("/data/x/labels.csv", from: "/work/runs/study") == "../../../data/x/labels.csv")
    #expect(relativePath("labels.csv", from: "/work/runs/study") == "labels.csv")
  }

  @Test func titleComesFromTheNameOrTheStudyFolder() {
    #expect(studyTitle(folder: "/tmp/runs/chapman-sample/study") == "Study report: chapman-sample")
    #expect(studyTitle(folder: "/tmp/runs/mimic", name: "MIMIC-IV-ECG rhythm study") == "MIMIC-IV-ECG rhythm study")
  }

  @Test func tablesHaveQuotedCSVAndMarkdown() {
    let t = ReportTable(
      name: "t", title: "Results", headers: ["target", "AUROC (95 % CI)"], rows: [["AF, paroxysmal", "0.912 (0.834–0.981)"]],
      caption: "Intervals: bootstrap.")
    #expect(t.csv == "target,AUROC (95 % CI)\n\"AF, paroxysmal\",0.912 (0.834–0.981)\n")
    #expect(t.markdown.contains("| target | AUROC (95 % CI) |\n|---|---:|\n| AF, paroxysmal | 0.912 (0.834–0.981) |"))
    #expect(t.html.contains("<caption>Results</caption>") && t.html.contains("<th class=l>target</th>"))
    #expect(formatStatistic(49.25) == "49" && formatStatistic(1.534) == "1.5" && formatStatistic(412) == "412")
    #expect(formatInterval(0.9123, 0.8341, 0.9812) == "0.912 (0.834–0.981)")
    #expect(humanHeader("test_positives") == "test positives" && humanHeader("qrs_ms") == "qrs (ms)")
  }

  /// Cornell voltage 2.22 mV: normal for a man (LVH above 2.8 mV), abnormal for a woman (above
  /// 2.0 mV), borderline when the sex is unknown; the explanation page uses the patient's sex.
  @Test func sexSpecificRangesUseThePatientsSex() throws {
    let cornell = try #require(featureDefinition(named: "cornell_mv"))
    #expect(cornell.assess(2.22, sexMale: true) == .normal)
    #expect(cornell.assess(2.9, sexMale: true) == .abnormal)
    #expect(cornell.assess(2.22, sexMale: false) == .abnormal)
    #expect(cornell.assess(2.22, sexMale: nil) == .borderline)
    let qtc = try #require(featureDefinition(named: "qtc_bazett_ms"))
    #expect(qtc.assess(455, sexMale: false) == .normal && qtc.assess(455, sexMale: true) == .borderline)
    let man = renderExplanation(
      title: "x", subtitle: "", values: ["cornell_mv": 2.22, "sex_male": 1], plot: "", explanations: [], top: 3)
    let row = try #require(man.components(separatedBy: "<tr>").first { $0.contains("cornell_mv") })
    #expect(row.contains("class=\"normal\"") && row.contains("0 to 2.8 mV (men)"))
    let woman = renderExplanation(
      title: "x", subtitle: "", values: ["cornell_mv": 2.22, "sex_male": 0], plot: "", explanations: [], top: 3)
    #expect(woman.components(separatedBy: "<tr>").first { $0.contains("cornell_mv") }?.contains("class=\"abnormal\"") == true)
  }

  /// Two findings citing the same range source: the source is printed once, in a numbered list,
  /// and the sentences cite it as [1]; the SHAP value labels stay clear of the feature names.
  @Test func explanationPagesCiteOnceAndKeepLabelsApart() throws {
    let source = "AHA/ACCF/HRS ECG standardization recommendations (Surawicz et al., Circulation 2009)"
    func evidence(_ shap: Double) -> String {
      """
      {"feature": "qrs_ms", "measuredAs": "qrs_ms", "value": 130, "unit": "ms", "definition": "QRS duration", "wave": "QRS",
       "assessment": "abnormal", "normalRange": "70 to 110 ms", "source": "\(source)", "shap": \(shap)}
      """
    }
    let json =
      "["
      + ["A", "B"].map {
        """
        {"target": "\($0)", "variant": "ecg", "probability": 0.6, "baseLogOdds": -1, "evidence": [\(evidence(-0.69)), \(evidence(2.5))],
         "unmeasured": [], "testAUROC": 0.9}
        """
      }.joined(separator: ",") + "]"
    let xs = try explanationDecoder().decode([TargetExplanation].self, from: Data(json.utf8))
    let page = renderExplanation(title: "x", subtitle: "", values: [:], plot: "", explanations: xs, top: 2)
    #expect(page.components(separatedBy: source).count - 1 == 1)
    #expect(page.contains("adult normal 70 to 110 ms [1]"))
    // Value labels of negative bars end at least 40 px right of the feature-name column (170 px).
    let label = try! NSRegularExpression(pattern: "<text x=\"([0-9.]+)\"[^>]*text-anchor=\"end\" fill=\"#444\">-")
    let xsOfLabels = label.matches(in: page, range: NSRange(page.startIndex..., in: page)).map {
      Double(page[Range($0.range(at: 1), in: page)!])!
    }
    #expect(!xsOfLabels.isEmpty && xsOfLabels.allSatisfy { $0 >= 170 + 40 }, "\(xsOfLabels)")
  }
}
