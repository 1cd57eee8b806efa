import Foundation

/// The path of a file in the shared data folder: `$KPID_SHARED_DIR` (set by `scripts/test`), or the
/// `shared/` folder beside the repository.
func sharedDataPath(_ relative: String, filePath: String = #filePath) -> String {
    if let shared = ProcessInfo.processInfo.environment["KPID_SHARED_DIR"], !shared.isEmpty {
        return URL(fileURLWithPath: shared).appendingPathComponent(relative).path
    }
    var repository = URL(fileURLWithPath: filePath)
    while repository.path != "/"
        && !FileManager.default.fileExists(atPath: repository.appendingPathComponent("Package.swift").path)
    {
        repository.deleteLastPathComponent()
    }
    return repository.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relative).path
}
