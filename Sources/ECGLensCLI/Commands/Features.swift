import ArgumentParser
import Extraction

/// `ecglens features [--format markdown|csv]`: the feature catalogue.
struct Features: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "The feature catalogue: every column `ecglens extract` writes, with unit, definition and adult reference range.",
    discussion: "docs/feature-catalogue.md is this command's Markdown output (a test keeps them equal).")

  enum Format: String, ExpressibleByArgument { case markdown, csv }

  @Option(help: "markdown or csv.")
  var format = Format.markdown

  @Option(name: [.short, .long], help: "Output file (written atomically; - for standard output).")
  var out = "-"

  func run() throws {
    try emit(format == .markdown ? featureCatalogueMarkdown() : featureCatalogueCSV(), to: out)
  }
}
