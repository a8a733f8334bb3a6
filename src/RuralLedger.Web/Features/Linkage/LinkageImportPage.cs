using RuralLedger.Web.Features.Credit;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Linkage;

/// <summary>The page of a linkage sheet: the staged import's page, kept for confirmation while the preview has something new.</summary>
public abstract class LinkageImportPage(ImportFileStore store, string title, string noFile) : StagedImportPage<LinkageImportResult>(store, title, noFile, "linkage")
{
    protected sealed override bool AwaitsConfirmation(LinkageImportResult result) => result.Valid && result.New > 0;

    protected sealed override LinkageImportResult WithoutToken(LinkageImportResult result) => result with { Token = null };
}
