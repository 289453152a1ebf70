using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Lbc.Contracts;
using Lbc.Server.Access;
using Lbc.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Lbc.Benchmarks;

/// <summary>
/// The township ledger import at its limit (issue 15): a county's 20,000-row XLSX uploaded to the real server (in this
/// process, embedded default: SQLite log and key store, simulator off) over HTTP, previewed, committed, and the commit
/// followed until the projection applied it; then the same file again (everything already on the log). Peak memory is the
/// process's peak resident set (VmHWM, reset through /proc/self/clear_refs once the server is ready), beside the resident
/// set of the idle server. <c>--ledger</c>.
/// </summary>
internal static class LedgerImportBench
{
    public sealed record Result(int Rows, long FileBytes, double PreviewSeconds, double CommitSeconds, int Appended,
        double RepeatPreviewSeconds, double RepeatCommitSeconds, int RepeatAppended, long IdleRssMb, long PeakRssMb);

    private const string County = "210123"; // 康平县
    private const string Password = "bench-ledger-2016";

    public static async Task<Result> MeasureAsync(int rows)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lbc-bench-ledger-" + Guid.NewGuid().ToString("n"));
        var port = FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardApplication).Assembly.GetName().Name,
            EnvironmentName = "Development",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Dashboard:Simulator:Enabled"] = "false",
            ["Dashboard:DataDirectory"] = dataDirectory,
            ["Dashboard:DemoAccounts:Enabled"] = "false",
            ["Dashboard:Users:bench.county:DisplayName"] = "康平县民政局",
            ["Dashboard:Users:bench.county:Role"] = Roles.CivilAffairs,
            ["Dashboard:Users:bench.county:Jurisdiction"] = County,
            ["Dashboard:Users:bench.county:PasswordHash"] = PasswordHashing.Hash(Password),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddDashboard();
        var app = builder.Build();
        app.MapDashboard();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            await WaitReadyAsync(http);
            http.DefaultRequestHeaders.Add("Cookie", await SignInAsync(http));
            http.DefaultRequestHeaders.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
            var regions = Lbc.Reference.ReferenceData.Load(Lbc.Reference.ReferenceData.DefaultDirectory);
            var file = CountyLedger(regions, rows);

            GC.Collect();
            var idle = ResidentMb("VmRSS");
            ResetPeak();
            var (previewSeconds, commitSeconds, appended) = await ImportAsync(http, file);
            var (repeatPreview, repeatCommit, repeatAppended) = await ImportAsync(http, file);
            var peak = ResidentMb("VmHWM");
            return new Result(rows, file.Length, previewSeconds, commitSeconds, appended, repeatPreview, repeatCommit, repeatAppended, idle, peak);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(double Preview, double Commit, int Appended)> ImportAsync(HttpClient http, byte[] file)
    {
        var clock = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "康平县台账.xlsx" } };
        using var upload = await http.PostAsync(LedgerRoutes.Imports, form);
        upload.EnsureSuccessStatusCode();
        var preview = (await upload.Content.ReadFromJsonAsync(ContractsJsonContext.Default.LedgerPreviewDto))!;
        var previewSeconds = clock.Elapsed.TotalSeconds;
        if (preview.ErrorsTotal > 0)
        {
            throw new InvalidOperationException($"The bench file has {preview.ErrorsTotal} problems, e.g. {preview.Errors[0]}");
        }
        clock.Restart();
        using var commit = await http.PostAsJsonAsync(LedgerRoutes.CommitOf(preview.ImportId), new LedgerCommitRequest(false),
            ContractsJsonContext.Default.LedgerCommitRequest);
        commit.EnsureSuccessStatusCode();
        while (true)
        {
            var progress = (await http.GetFromJsonAsync(LedgerRoutes.ImportOf(preview.ImportId), ContractsJsonContext.Default.LedgerProgressDto))!;
            if (progress.State == LedgerRoutes.Done && progress.Applied)
            {
                return (previewSeconds, clock.Elapsed.TotalSeconds, progress.Appended);
            }
            if (progress.State == LedgerRoutes.Failed || (progress.State == LedgerRoutes.Done && !progress.Applied))
            {
                throw new InvalidOperationException($"The commit ended {progress.State}: {progress.Error}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A county's ledger: children spread over every village of its townships, each with a visit and names.</summary>
    internal static byte[] CountyLedger(Lbc.Domain.Regions.RegionCatalog regions, int rows)
    {
        var villages = regions.TownshipsIn(County).SelectMany(t => regions.VillagesIn(t.Code)).Select(v => v.Code).ToArray();
        var today = DateTime.UtcNow.AddHours(8);
        string[] headers = ["乡镇代码", "村代码", "儿童编号", "姓名", "性别", "出生日期", "留守类型", "监护类型", "监护人姓名", "监护人电话", "父母务工地", "就读学校", "结对教师", "是否辍学", "最近走访日期", "走访人"];
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, 1, headers);
                for (var i = 0; i < rows; i++)
                {
                    var village = villages[i % villages.Length];
                    WriteRow(writer, (uint)i + 2,
                    [
                        village[..9], village, string.Create(CultureInfo.InvariantCulture, $"KP{i:D7}"), "王" + (char)('一' + i % 2000) + (char)('丁' + i % 300),
                        i % 2 == 0 ? "女" : "男", today.AddYears(-6 - i % 9).AddDays(-(i % 300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        i % 5 == 0 ? "一方外出务工另一方无监护能力" : "父母均外出务工", i % 7 == 0 ? "父母一方" : "受委托监护人",
                        "李" + (char)('乙' + i % 500), string.Create(CultureInfo.InvariantCulture, $"139{i:D8}"), "大连市", "中心小学",
                        i % 3 == 0 ? "张老师" + (i % 40) : "", "否", today.AddDays(-(i % 80)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        "村委会周" + (i % 30),
                    ]);
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "信息台账" }));
        }
        return stream.ToArray();
    }

    private static void WriteRow(OpenXmlWriter writer, uint index, string[] values)
    {
        writer.WriteStartElement(new Row { RowIndex = index });
        for (var c = 0; c < values.Length; c++)
        {
            if (values[c].Length > 0)
            {
                writer.WriteElement(new Cell(new InlineString(new Text(values[c]))) { CellReference = $"{(char)('A' + c)}{index}", DataType = CellValues.InlineString });
            }
        }
        writer.WriteEndElement();
    }

    public static string Table(Result r) => string.Create(CultureInfo.InvariantCulture, $"""
        ## 9. Township ledger import

        `dotnet run -c Release --project bench/Lbc.Benchmarks -- --ledger`: the real server in the harness's process (embedded default: SQLite log and key store, simulator off, an empty registry), a county civil-affairs user of 康平县 signed in over HTTP, a generated {r.Rows:N0}-row XLSX ({r.FileBytes / 1024.0 / 1024.0:F1} MB; every village of the county, every child with a name, guardian, phone, school, a visit, a third with a paired teacher) uploaded as multipart: the preview is read + validated + compared with the registry; the commit is built, sealed (a new key per child, made 1,000 at a time: one key-store transaction each), appended in chunks of 500 and followed until the projection applied the last event. Then the same file again: everything is already on the log (nothing appended). Peak memory: the process's peak resident set (VmHWM) from the first upload to the end, beside the idle server's resident set.

        | step | rows | seconds | events appended |
        |---|---|---|---|
        | upload, read, validate, preview | {r.Rows:N0} | {r.PreviewSeconds:F2} | |
        | commit: build, seal, append, applied | {r.Rows:N0} | {r.CommitSeconds:F2} | {r.Appended:N0} |
        | the same file again: preview | {r.Rows:N0} | {r.RepeatPreviewSeconds:F2} | |
        | the same file again: commit | {r.Rows:N0} | {r.RepeatCommitSeconds:F2} | {r.RepeatAppended:N0} |

        | memory | MB |
        |---|---|
        | idle server, resident (baseline) | {r.IdleRssMb} |
        | peak resident during the two imports | {r.PeakRssMb} |

        """);

    private static long ResidentMb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }
        return -1;
    }

    /// <summary>Linux resets the peak resident set (VmHWM) to the current one when 5 is written to clear_refs.</summary>
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task<string> SignInAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthRoutes.Login)
        {
            Content = JsonContent.Create(new LoginRequest("bench.county", Password), ContractsJsonContext.Default.LoginRequest),
        };
        request.Headers.Add(AuthRoutes.RequestedWithHeader, AuthRoutes.RequestedWithValue);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lbc.auth=", StringComparison.Ordinal));
        return cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        for (var i = 0; i < 1200; i++)
        {
            if ((await http.GetStringAsync(ApiRoutes.Health)).Contains("\"ready\":true", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The dashboard did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
