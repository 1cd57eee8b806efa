import Testing

@testable import KPIImport

@Suite("CSV reader")
struct CSVReaderTests {
    private func records(_ text: String) -> [[String]] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var record = CSVRecord()
        var result: [[String]] = []
        while reader.readRecord(into: &record) {
            result.append((0..<record.count).map { record.string(at: $0) })
        }
        return result
    }

    @Test("LF, CRLF and lone CR end records; a final line break starts no record")
    func lineEnds() {
        #expect(records("a,b\nc,d\n") == [["a", "b"], ["c", "d"]])
        #expect(records("a,b\r\nc,d\r\n") == [["a", "b"], ["c", "d"]])
        #expect(records("a,b\rc,d") == [["a", "b"], ["c", "d"]])
    }

    @Test("empty fields and empty lines are kept")
    func emptyFields() {
        #expect(records(",a,\n\nb") == [["", "a", ""], [""], ["b"]])
        #expect(records("").isEmpty)
    }

    @Test("quoted fields hold commas, doubled quotes and line breaks")
    func quoted() {
        #expect(records("\"a,b\",\"say \"\"hi\"\"\"\n\"x\r\ny\",z") == [["a,b", "say \"hi\""], ["x\r\ny", "z"]])
        #expect(records("\"\",\"\"\"\"") == [["", "\""]])
    }

    @Test("malformed quoting is read leniently")
    func lenient() {
        #expect(records("ab\"c,d") == [["ab\"c", "d"]])
        #expect(records("\"ab\"c,d") == [["abc", "d"]])
        #expect(records("\"unterminated,x\ny") == [["unterminated,x\ny"]])
    }
}
