import ECGLensTestSupport
import Foundation
import Tables
import Testing

@testable import Pipeline

/// `source.embeddings` and the fusion group keyword "embedding": an `ecglens embed` table joins on the
/// record name, rows without an embedding keep their place with empty values.
@Suite struct EmbeddingJoinTests {
  @Test func joinsOnTheRecordNameKeepingEveryRow() throws {
    let folder = try TestPaths.temporaryFolder()
    let file = folder + "/embeddings.csv"
    try "ecg_id,emb_0,emb_1\nb,0.5,-1\na,2,3\n".write(toFile: file, atomically: true, encoding: .utf8)
    var table = try DataTable([("ecg_id", .text(["a", "b", "c"])), ("qrs_ms", .numeric([90, 100, 110]))])
    #expect(try joinEmbeddings(&table, file: file) == 1)
    #expect(try table.numeric("emb_0")[0..<2] == [2, 0.5] && table.numeric("emb_0")[2].isNaN)
    #expect(try table.numeric("emb_1")[0..<2] == [3, -1])
    #expect(isEmbeddingColumn("emb_12") && !isEmbeddingColumn("emb_") && !isEmbeddingColumn("emb_x"))
    // A second join would add columns the table already has; a record named twice is an error.
    #expect(throws: PipelineError.self) { try joinEmbeddings(&table, file: file) }
    try "ecg_id,emb_0\na,1\na,2\n".write(toFile: file, atomically: true, encoding: .utf8)
    var fresh = try DataTable([("ecg_id", .text(["a"]))])
    #expect(throws: PipelineError.self) { try joinEmbeddings(&fresh, file: file) }
  }

  @Test func configKeysAreChecked() throws {
    let group = try JSONDecoder().decode(FeatureGroupConfig.self, from: Data(#"{"name": "e", "features": "embedding"}"#.utf8))
    #expect(group.embedding && group.features == nil)
    let wfdb = #"{"kind": "wfdb", "paths": ["x"], "embeddings": "e.csv"}"#
    #expect(try JSONDecoder().decode(SourceConfig.self, from: Data(wfdb.utf8)).embeddings == "e.csv")
    let table = #"{"kind": "table", "file": "t.csv", "embeddings": "e.csv"}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(SourceConfig.self, from: Data(table.utf8)) }
  }
}
