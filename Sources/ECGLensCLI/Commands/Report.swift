import ArgumentParser
import Foundation
import Reports

/// `ecglens report STUDY_DIR [--out report.html]`.
struct Report: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a study as one self-contained HTML report (inline SVG, no scripts, no network).",
    discussion: """
      Sections: cohort by partition, results sorted by AUROC with bootstrap and DeLong \
      intervals, a forest plot, per target ROC, calibration, RFE and mean |SHAP| panels, a \
      cross-target mean |SHAP| table, any compare-*.csv and external-*.csv tables of the folder, \
      and a methods paragraph generated from study.json. Default output: STUDY_DIR/report.html; \
      every figure is also written as figures/NAME.svg and every table as tables/NAME.csv and .md \
      beside it.
      """)

  @Argument(help: "Study folder written by ecglens train.")
  var study: String

  @Option(name: [.short, .long], help: "Output HTML (a file, written atomically). Default: STUDY_DIR/report.html.")
  var out: String?

  @Option(help: "Report title.")
  var title: String?

  @OptionGroup var resampling: BootstrapArguments

  func run() throws {
    let data = try loadStudyReport(at: study, bootstrap: resampling.options())
    let path = out ?? study + "/report.html"
    let document = studyReportDocument(data, title: title ?? studyTitle(folder: study))
    if path == "-" {
      try emit(document.html, to: "-")
    } else {
      try writeStudyReport(document, to: path)
      Console.out("report: \(path) (\(document.figures.count) figures in figures/, \(document.tables.count) tables in tables/)")
    }
  }
}
