using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;
using Microsoft.AspNetCore.Components.Forms;

namespace Lbc.Web.Model;

/// <summary>What became of an upload or a commit: the server's answer, or its problem in words for the page.</summary>
public abstract record LedgerResult<T>
{
    public sealed record Ok(T Value) : LedgerResult<T>;

    /// <param name="TooLarge">413: the file is over 10 MB or 20,000 rows.</param>
    public sealed record Refused(string Reason, bool TooLarge = false) : LedgerResult<T>;
}

/// <summary>
/// The township ledger import API (<c>/api/ledger</c>): upload for a preview, commit, progress. The file goes straight from the
/// browser's file picker to the server; nothing of it is kept in the browser (no storage, no URL).
/// </summary>
public sealed class LedgerClient(HttpClient http)
{
    /// <summary>The same limit as the server's, checked before a byte is sent.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public async Task<LedgerResult<LedgerPreviewDto>> UploadAsync(IBrowserFile file, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        // One byte over the limit may be read: the server answers 413 for it with its own message.
        var content = new StreamContent(file.OpenReadStream(MaxFileBytes + 1, cancellationToken));
        form.Add(content, "file", file.Name);
        using var response = await http.PostAsync(LedgerRoutes.Imports, form, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? new LedgerResult<LedgerPreviewDto>.Ok((await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.LedgerPreviewDto, cancellationToken).ConfigureAwait(false))!)
            : new LedgerResult<LedgerPreviewDto>.Refused(await ProblemText(response).ConfigureAwait(false),
                response.StatusCode == HttpStatusCode.RequestEntityTooLarge);
    }

    public async Task<LedgerResult<LedgerProgressDto>> CommitAsync(string importId, LedgerCommitRequest request)
    {
        using var response = await http.PostAsJsonAsync(LedgerRoutes.CommitOf(importId), request, ContractsJsonContext.Default.LedgerCommitRequest)
            .ConfigureAwait(false);
        return response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict
            ? new LedgerResult<LedgerProgressDto>.Ok((await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.LedgerProgressDto).ConfigureAwait(false))!)
            : new LedgerResult<LedgerProgressDto>.Refused(await ProblemText(response).ConfigureAwait(false));
    }

    public async Task<LedgerProgressDto?> ProgressAsync(string importId)
    {
        using var response = await http.GetAsync(LedgerRoutes.ImportOf(importId)).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.LedgerProgressDto).ConfigureAwait(false)
            : null;
    }

    /// <summary>The problem's detail (the server's Chinese message), its errors, or its title.</summary>
    private static async Task<string> ProblemText(HttpResponseMessage response)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                return string.Join("; ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(v => v.GetString())));
            }
            var title = problem.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return string.Join(" ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }
}
