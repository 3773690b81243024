import LibFuzzerDriver

/// Runs libFuzzer with `callback` as the target.
///
/// SwiftPM links an executable target's entry point as `<TargetName>_main` (so that tests can link
/// the target), which replaces libFuzzer's own `main`; each target therefore defines that symbol
/// and hands over to libFuzzer's driver here, with the command line unchanged.
public func runLibFuzzer(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
