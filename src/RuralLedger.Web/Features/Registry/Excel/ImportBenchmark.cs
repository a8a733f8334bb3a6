using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;

namespace RuralLedger.Web.Features.Registry.Excel;

public sealed record ImportBenchmarkResult(int Rows, int Households, long FileBytes, TimeSpan BareRead, TimeSpan Import, int MembersWritten)
{
    /// <summary>Full import (parse + validate + write) over a bare MiniExcel read of the same file.</summary>
    public double Ratio => Import.TotalSeconds / BareRead.TotalSeconds;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"rows {Rows:N0} ({Households:N0} households, {FileBytes / 1024.0 / 1024.0:F1} MB) | bare MiniExcel read {BareRead.TotalSeconds:F2} s | import {Import.TotalSeconds:F2} s | ratio {Ratio:F1}");
}

/// <summary>
/// The import bench: a workbook of new households made from the province demo data (moved into the demo county's villages
/// so that they validate), imported as a county officer into a database holding the demo county, against a bare MiniExcel
/// read of the same file. The bench project calls <see cref="RunOnFreshDatabaseAsync"/>; the target is ≤ 30 s for 100,000 rows.
/// </summary>
public static class ImportBenchmark
{
    /// <summary>Writes <paramref name="memberRows"/> member rows (whole households, household columns on every row) to <paramref name="path"/>.</summary>
    public static int GenerateWorkbook(string path, int memberRows)
    {
        // Its own keys: the IDs, accounts and phones are read back in clear to go into the sheet.
        var vault = PersonalDataVault.CreateRandom();
        var households = 0;
        IEnumerable<Dictionary<string, object?>> Rows()
        {
            var written = 0;
            var countyIndex = 0;
            foreach (var county in new DemoCountyGenerator(vault).Generate(DemoSize.Province))
            {
                countyIndex++;
                foreach (var h in county.Households)
                {
                    if (written == memberRows)
                    {
                        yield break;
                    }
                    households++;
                    // Same township/village numbering in every generated county: move the household into the demo county.
                    var village = DemoCountyGenerator.DemoCountyCode + h.VillageCode.Value[6..];
                    var no = village + countyIndex.ToString(CultureInfo.InvariantCulture) + h.HouseholdNo[^4..];
                    var status = h.Status is PovertyStatus.MonitoredUnstable or PovertyStatus.MonitoredMarginal or PovertyStatus.MonitoredSudden ? h.Status : PovertyStatus.Registered;
                    // The last household may be cut short to hit the row count exactly; its head (added first) stays.
                    foreach (var m in h.Members.Take(memberRows - written))
                    {
                        written++;
                        yield return ImportTemplate.Row(
                            (ImportField.HouseholdNo, no), (ImportField.VillageCode, village), (ImportField.GroupCode, village + "001"),
                            (ImportField.Type, RegistryNames.Of(h.Type)), (ImportField.Status, RegistryNames.Of(status)),
                            (ImportField.RegisteredOn, BusinessCalendar.Format(h.RegisteredOn)), (ImportField.Causes, RegistryNames.Of(h.Causes)),
                            (ImportField.BankName, h.BankName), (ImportField.BankAccount, h.BankAccountCipher is { } b ? vault.Decrypt(b) : null),
                            (ImportField.Phone, h.PhoneCipher is { } p ? vault.Decrypt(p) : null),
                            (ImportField.Name, m.Name), (ImportField.CitizenId, vault.Decrypt(m.CitizenIdCipher)), (ImportField.Relation, RegistryNames.Of(m.Relation)),
                            (ImportField.Labour, RegistryNames.Of(m.Labour)), (ImportField.Health, RegistryNames.Of(m.Health)), (ImportField.Education, RegistryNames.Of(m.Education)));
                    }
                }
            }
        }
        File.Delete(path);
        MiniExcel.SaveAs(path, new Dictionary<string, object> { [ImportColumns.SheetName] = Rows() });
        return households;
    }

    /// <summary>Reads every cell of the sheet with MiniExcel and nothing else: the floor the import is compared with.</summary>
    public static (int Rows, TimeSpan Elapsed) BareRead(string path)
    {
        var stopwatch = Stopwatch.StartNew();
        var rows = 0;
        var cells = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(path, useHeaderRow: false, sheetName: ImportColumns.SheetName))
        {
            rows++;
            foreach (var value in row.Values)
            {
                if (value is not null)
                {
                    cells++;
                }
            }
        }
        GC.KeepAlive(cells);
        return (rows - 1, stopwatch.Elapsed);
    }

    /// <summary>Imports <paramref name="workbook"/> through <see cref="HouseholdImport"/> acting as <paramref name="access"/>; returns the elapsed time and what was written.</summary>
    public static async Task<(TimeSpan Elapsed, ImportPreview Result)> ImportAsync(RuralDbContext db, PersonalDataVault vault, string workbook, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var clock = TimeProvider.System;
        var stopwatch = Stopwatch.StartNew();
        var file = new StoredImport("bench", workbook, Path.GetFileName(workbook), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(workbook))), new FileInfo(workbook).Length);
        var result = await new HouseholdImport(db, vault, clock, new AuditWriter(clock)).ImportAsync(file, ct);
        return (stopwatch.Elapsed, result);
    }

    /// <summary>
    /// The whole bench in <paramref name="folder"/>: a SQLite database (or <paramref name="storage"/>) with the demo county,
    /// a generated workbook of <paramref name="memberRows"/> rows, the bare read, then the import as a county officer.
    /// </summary>
    public static async Task<ImportBenchmarkResult> RunOnFreshDatabaseAsync(string folder, int memberRows, StorageOptions? storage, Action<string>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        storage ??= new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder };
        var vault = KeyFile.LoadOrCreate(storage.ResolveKeyFile());
        var clock = TimeProvider.System;
        await using (var setup = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock))
        {
            await setup.Database.MigrateAsync(ct);
            await SqliteTuning.ApplyAsync(setup, ct);
            if (await new DemoLoader(setup, vault, new AuditWriter(clock), clock).IsEmptyAsync(ct))
            {
                await new DemoLoader(setup, vault, new AuditWriter(clock), clock).LoadAsync(DemoSize.County, progress, ct);
            }
        }
        var workbook = Path.Combine(folder, $"import-{memberRows}.xlsx");
        var generated = Stopwatch.StartNew();
        var households = GenerateWorkbook(workbook, memberRows);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"workbook {workbook}: {households:N0} households in {generated.Elapsed.TotalSeconds:F1} s"));

        // Twice: the first pays for loading and JIT-compiling MiniExcel, which the import would otherwise be spared.
        BareRead(workbook);
        var (rows, bare) = BareRead(workbook);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"bare MiniExcel read: {rows:N0} rows in {bare.TotalSeconds:F2} s"));

        var access = new AccessContext();
        access.SignedIn(1, "bench", Role.CountyStaff, AreaScope.Of(DivisionCode.ForCounty(DemoCountyGenerator.DemoCountyCode)), null);
        await using var db = StorageRegistration.CreateContext(storage, access, clock);
        var (elapsed, result) = await ImportAsync(db, vault, workbook, ct);
        if (!result.Written)
        {
            throw new InvalidOperationException($"the bench workbook did not import: {result.Errors.Count} errors, first: {result.Errors.FirstOrDefault()}");
        }
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"import: {result.Counts} in {elapsed.TotalSeconds:F2} s"));
        return new ImportBenchmarkResult(rows, households, new FileInfo(workbook).Length, bare, elapsed, result.Counts.MembersNew);
    }
}
