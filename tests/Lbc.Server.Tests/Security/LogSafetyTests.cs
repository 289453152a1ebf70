using System.Text.Json.Nodes;
using Lbc.Contracts;
using Lbc.Domain.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lbc.Server.Tests.Security;

/// <summary>
/// What the operators' log holds when producers and clients misbehave: one line per record (a CR/LF in an id
/// cannot forge another), no child's id, and no stack trace per refused hub call.
/// </summary>
public sealed class LogSafetyTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private readonly DashboardFactory _factory;

    public LogSafetyTests()
    {
        _factory = new DashboardFactory(configure: web => web.ConfigureLogging(logging => logging.AddProvider(_log)));
    }

    public async Task InitializeAsync() => await _factory.WaitUntilReadyAsync(_factory.CreateClient());

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task RejectedEvents_LogOneLineEach_WithoutTheChildsId()
    {
        var forgedSource = TestEvents.Make(EventTypes.DropoutReported, new JsonObject { ["child_id"] = "CHILD-SECRET-41" }) with
        {
            Src = "school\r\ninfo: Lbc.Server.Access admin signed in",
        };
        var forgedId = TestEvents.Make(EventTypes.DropoutReported, new JsonObject { ["child_id"] = "CHILD-SECRET-42\nwarn: forged" });
        var unknownChild = TestEvents.Make(EventTypes.VisitRecorded, new JsonObject
        {
            ["child_id"] = "CHILD-SECRET-43", ["visitor_id"] = "v-1", ["finding"] = "concern",
        });

        await _factory.Log.AppendAsync([forgedSource, forgedId, unknownChild]);

        var deadLetters = await WaitForAsync(() => _log.Entries.Where(e => e.Message.StartsWith("Dead-lettered", StringComparison.Ordinal)).ToList(), 3);
        Assert.Contains(deadLetters, e => e.Message.EndsWith("data.child_id: not a registered child", StringComparison.Ordinal));
        Assert.Contains(deadLetters, e => e.Message.EndsWith("src: must not contain control characters", StringComparison.Ordinal));
        Assert.Contains(deadLetters, e => e.Message.EndsWith("data.child_id: must not contain control characters", StringComparison.Ordinal));
        Assert.All(_log.Entries, e =>
        {
            Assert.DoesNotContain('\n', e.Message);
            Assert.DoesNotContain('\r', e.Message);
            Assert.DoesNotContain("CHILD-SECRET", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RepeatedRefusedHubCalls_NoStackTraceInTheLog()
    {
        var cookie = await _factory.SignInAsync(Roles.PoliceDutyOfficer, "2101");
        await using var hub = await _factory.ConnectHubAsync(cookie);

        for (var i = 0; i < 25; i++)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync(OpsHub.MarkHandlingMethod, "R-NOT-HERE-" + i));
            Assert.Contains("No such open case", refused.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(_log.Entries, e => e.Exception is not null);
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Error);
    }

    private static async Task<List<LogCapture.Entry>> WaitForAsync(Func<List<LogCapture.Entry>> read, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            if (read() is { } entries && entries.Count >= count)
            {
                return entries;
            }
            await Task.Delay(50);
        }
        return read();
    }
}
