using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>What became of a command; the screen itself changes from the resulting delta, not from this answer.</summary>
public abstract record CommandResult
{
    public sealed record Accepted(int Version) : CommandResult;

    /// <summary>Someone else acted first (or the case moved): who and when, to show the officer.</summary>
    public sealed record Conflict(CommandConflict Body) : CommandResult;

    /// <summary>The server refused it (state, category, role, data); <see cref="Reason"/> is its message.</summary>
    public sealed record Refused(string Reason) : CommandResult;

    public sealed record Failed(string Reason) : CommandResult;
}

/// <summary>
/// Sends commands (<c>POST /api/commands</c>). A command id is made once per user action, so a retry after a network
/// error is answered, not appended twice.
/// </summary>
public sealed class CommandClient(HttpClient http)
{
    public Task<CommandResult> SendCaseStepAsync(string type, string caseId, int expectedVersion, IReadOnlyDictionary<string, object?> data) =>
        SendAsync(new CommandRequest(Guid.NewGuid().ToString("n"), type, caseId, null, null, expectedVersion,
            JsonSerializer.SerializeToElement(data, CommandJsonContext.Default.IReadOnlyDictionaryStringObject)));

    public Task<CommandResult> SendPlacementStepAsync(string type, string placementId, IReadOnlyDictionary<string, object?> data) =>
        SendAsync(new CommandRequest(Guid.NewGuid().ToString("n"), type, null, placementId, null, null,
            JsonSerializer.SerializeToElement(data, CommandJsonContext.Default.IReadOnlyDictionaryStringObject)));

    /// <summary>An action on an alert (<c>alert.acknowledged</c>, <c>alert.muted</c> with <c>minutes</c> and <c>reason</c>), by its id.</summary>
    public Task<CommandResult> SendAlertActionAsync(string type, string alertId, IReadOnlyDictionary<string, object?> data) =>
        SendAsync(new CommandRequest(Guid.NewGuid().ToString("n"), type, null, null, alertId, null,
            JsonSerializer.SerializeToElement(data, CommandJsonContext.Default.IReadOnlyDictionaryStringObject)));

    private async Task<CommandResult> SendAsync(CommandRequest body)
    {
        // One retry with the same command id: a lost answer must not turn into a lost (or doubled) step.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(CommandRoutes.Commands, body, ContractsJsonContext.Default.CommandRequest).ConfigureAwait(false);
                return response.StatusCode switch
                {
                    HttpStatusCode.Accepted => new CommandResult.Accepted(
                        (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CommandAccepted).ConfigureAwait(false))!.Version),
                    HttpStatusCode.Conflict => new CommandResult.Conflict(
                        (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.CommandConflict).ConfigureAwait(false))!),
                    _ => new CommandResult.Refused(await ProblemText(response).ConfigureAwait(false)),
                };
            }
            catch (HttpRequestException ex) when (attempt == 0)
            {
                _ = ex;
            }
            catch (HttpRequestException ex)
            {
                return new CommandResult.Failed(ex.Message);
            }
        }
    }

    /// <summary>The problem's errors (field: message), or its title.</summary>
    private static async Task<string> ProblemText(HttpResponseMessage response)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                return string.Join("; ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(v => v.GetString())));
            }
            if (problem.TryGetProperty("title", out var title))
            {
                return title.GetString() ?? response.ReasonPhrase ?? "";
            }
        }
        catch (JsonException)
        {
        }
        return response.ReasonPhrase ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, object?>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
internal sealed partial class CommandJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
