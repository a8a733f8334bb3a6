namespace RuralLedger.Data.Imports;

/// <summary>An uploaded workbook kept on the server between preview and confirmation (or a file the command line names).</summary>
public sealed record StoredImport(string Id, string Path, string FileName, string Sha256, long Size)
{
    /// <summary>The workbook's content. The store's files are encrypted, so its records decrypt; a record made by hand reads its path as is.</summary>
    public Func<Stream> Open { get; init; } = () => File.OpenRead(Path);
}
