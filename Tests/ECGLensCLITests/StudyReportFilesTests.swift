import ECGLensTestSupport
import Foundation
import Testing

@testable import ECGLensCLI

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The report of a study run: its title, its methods without machine paths, and every figure and
/// table exported beside it as a file a manuscript can take.
@Suite struct StudyReportFilesTests {
  @Test func everyFigureAndTableIsExportedAndTheTextHasNoMachinePath() throws {
    let folder = try TestPaths.temporaryFolder()
    let config = """
      {"name": "Sinus bradycardia on the Chapman excerpt",
       "source": {"kind": "muse", "file": "\(TestPaths.samples)/chapman/Diagnostics-first2000.csv"},
       "labels": {"categorical": ["rhythm"], "min_count": 150},
       "targets": ["rhythm_SB"], "rfe": true, "ablation": true, "min_positives": 5,
       "split": {"folds": 10, "seed": 1}, "bootstrap": {"resamples": 100}}
      """
    try config.write(toFile: folder + "/s.json", atomically: true, encoding: .utf8)
    var command = try ECGLens.parseAsRoot(["study", folder + "/s.json", "--out", folder + "/out"])
    try command.run()
    let study = folder + "/out/study"
    let html = try String(contentsOfFile: study + "/report.html", encoding: .utf8)
    #expect(html.contains("<h1>Sinus bradycardia on the Chapman excerpt</h1>"))
    // No absolute path anywhere in the methods (or the header): paths are relative to the study.
    let methods = try #require(html.components(separatedBy: "<h2>Methods</h2>").last)
    #expect(!html.contains(folder))
    #expect(methods.range(of: #"(^|[\s>(])/[A-Za-z]"#, options: .regularExpression) == nil)
    #expect(methods.contains("<code>../features.csv</code>"))

    let figures = try FileManager.default.contentsOfDirectory(atPath: study + "/figures").sorted()
    for stem in [
      "forest-auroc", "roc-rhythm_SB", "precision-recall-rhythm_SB", "calibration-rhythm_SB", "feature-elimination-rhythm_SB",
      "shap-importance-rhythm_SB", "shap-beeswarm-rhythm_SB",
    ] {
      #expect(figures.contains(stem + ".svg"), "\(stem) in \(figures)")
    }
    // One file per figure of the page, each a well-formed standalone SVG document.
    #expect(figures.count == html.components(separatedBy: "<svg").count - 1)
    for f in figures {
      let data = try Data(contentsOf: URL(fileURLWithPath: study + "/figures/" + f))
      #if canImport(FoundationXML) || os(macOS)
        #expect(XMLParser(data: data).parse(), "\(f) is not well-formed XML")
      #endif
      let svg = String(decoding: data, as: UTF8.self)
      #expect(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
      // What a reader sees: no legend over the data, no mark outside the frame, round distinct ticks.
      let g = SVGGeometry(svg)
      #expect(!g.legendCoversData, "\(f): the legend covers data")
      #expect(g.marksInsideFrame, "\(f): a mark lies outside the frame")
      #expect(g.tickLabelsDistinctNumbers, "\(f): ticks \(g.xTickLabels) \(g.yTickLabels)")
    }
    let tables = try FileManager.default.contentsOfDirectory(atPath: study + "/tables")
    for stem in ["table-1-cohort", "table-2-results", "table-comparison-demographics-vs-ecg+demographics"] {
      #expect(tables.contains(stem + ".csv") && tables.contains(stem + ".md"), "\(stem) in \(tables)")
    }
    // Table 1 lists the model features with their missingness.
    let tableOne = try String(contentsOfFile: study + "/tables/table-1-cohort.csv", encoding: .utf8)
    #expect(tableOne.hasPrefix("characteristic,train,validation,test,\"missing, n (%)\""))
    #expect(tableOne.contains("age, years: median (IQR)") && tableOne.contains(": median (IQR)"))
  }
}
