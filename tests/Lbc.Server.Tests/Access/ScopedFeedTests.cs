using System.Collections.Concurrent;
using System.Text.Json;
using Lbc.Contracts;
using Lbc.Server.Access;
using Lbc.Server.Feed;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lbc.Server.Tests.Access;

/// <summary>
/// The feed's numbering and splitting, on the path production uses: a delta published to a scope reaches each of its
/// connections as messages under the hub's 32 KB limit, numbered without gaps, together holding everything once.
/// </summary>
public sealed class ScopedFeedTests
{
    private static readonly Scope s_province = new(ScopeView.Cases, "21");

    [Fact]
    public async Task Publish_LargeDelta_SplitUnder32KB_NumberedContiguously_TogetherHoldEverythingOnce()
    {
        var sender = new RecordingSender();
        using var feed = new ScopedFeed(sender, Options.Create(new FeedOptions()), TimeProvider.System, NullLogger<ScopedFeed>.Instance);
        feed.Register("c1", s_province, () => { });
        var cases = Enumerable.Range(0, 400).Select(i => new CaseDto($"R-{i:D4}", "missing", 1, "210123100", null, 123.4, 41.8, true, "school",
            DateTimeOffset.UnixEpoch, "received", SlaStates.OnTrack,
            [new StageClockDto("acknowledged", DateTimeOffset.UnixEpoch, null, SlaStates.Pending)], false)).ToList();
        var townships = Enumerable.Range(0, 900).Select(i => new RegionFiguresDto($"210123{i:D3}",
            TestFigures.Of((Figure.Children, i), (Figure.VisitOverdue, 3), (Figure.Paired, 6)))).ToList();
        var delta = new DeltaBatch(0, 0, DateTimeOffset.UnixEpoch, cases, ["R-GONE"], [], townships,
            TestFigures.Of((Figure.Children, 1), (Figure.OpenCases, 9)), null);

        feed.Publish(s_province, delta);

        var messages = await sender.WaitForAsync("c1", m => m.Sum(p => p.Delta.Cases.Count) == 400 && m.Sum(p => p.Delta.Townships.Count) == 900);
        Assert.True(messages.Count > 2);
        Assert.All(messages, m => Assert.True(m.Bytes <= OpsHub.MaxMessageBytes - 512, $"{m.Bytes} bytes"));
        Assert.Equal(Enumerable.Range(1, messages.Count).Select(i => (long)i), messages.Select(m => m.Delta.FromSequence));
        Assert.All(messages, m => Assert.Equal(m.Delta.FromSequence, m.Delta.ToSequence));
        Assert.Equal(cases.Select(c => c.CaseId), messages.SelectMany(m => m.Delta.Cases).Select(c => c.CaseId));
        Assert.Equal(townships.Select(t => t.Code), messages.SelectMany(m => m.Delta.Townships).Select(t => t.Code));
        Assert.Equal(["R-GONE"], messages.SelectMany(m => m.Delta.CasesRemoved));
        Assert.Single(messages, m => m.Delta.Indicators is not null);
        Assert.Equal(messages.Count, feed.SequenceOf(s_province));
    }

    [Fact]
    public async Task Publish_SmallDelta_OneMessageWithTheNextNumber()
    {
        var sender = new RecordingSender();
        using var feed = new ScopedFeed(sender, Options.Create(new FeedOptions()), TimeProvider.System, NullLogger<ScopedFeed>.Instance);
        feed.Register("c1", s_province, () => { });
        feed.ForceResync(s_province);

        feed.Publish(s_province, new DeltaBatch(0, 0, DateTimeOffset.UnixEpoch, [], ["R-1"], [], [], null, null));

        var message = Assert.Single(await sender.WaitForAsync("c1", m => m.Count == 1));
        Assert.Equal(2, message.Delta.FromSequence);
        Assert.Equal(["R-1"], message.Delta.CasesRemoved);
    }

    private sealed record Sent(DeltaBatch Delta, int Bytes);

    private sealed class RecordingSender : IClientSender
    {
        private readonly ConcurrentDictionary<string, List<Sent>> _sent = new();

        public Task SendAsync(string connectionId, string method, object payload, CancellationToken cancellationToken)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType());
            var delta = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.DeltaBatch)!;
            var list = _sent.GetOrAdd(connectionId, _ => []);
            lock (list)
            {
                list.Add(new Sent(delta, json.Length));
            }
            return Task.CompletedTask;
        }

        public async Task<List<Sent>> WaitForAsync(string connectionId, Func<List<Sent>, bool> done)
        {
            for (var i = 0; i < 200; i++)
            {
                var list = _sent.GetOrAdd(connectionId, _ => []);
                lock (list)
                {
                    if (done(list))
                    {
                        return [.. list];
                    }
                }
                await Task.Delay(25);
            }
            throw new TimeoutException("the feed did not send what was expected");
        }
    }
}
