using Lbc.Domain.Registry;

namespace Lbc.Domain.Tests.Projection;

/// <summary>The registry's packed child ids read back exactly, whatever a ledger uses as ids, and take less room than UTF-8.</summary>
public sealed class PackedIdsTests
{
    [Theory]
    [InlineData("LB2101231010000123")]
    [InlineData("c-1")]
    [InlineData("123")]
    [InlineData("1234")]
    [InlineData("12345")]
    [InlineData("XCZ-0001-2026")]
    [InlineData("小城子镇-儿童-000123")]
    [InlineData("A1B22C333D4444E55555")]
    [InlineData("😀0000😀")]
    [InlineData("")]
    public void WriteThenRead_SameId(string id)
    {
        var buffer = new byte[PackedIds.MaxBytes(id)];

        var written = PackedIds.Write(id, buffer);
        var (read, bytes) = PackedIds.Read(buffer);

        Assert.Equal((id, written), (read, bytes));
    }

    [Fact]
    public void WriteThenRead_LongIdsOneAfterAnother_AllBackInOrder_DigitsPackedTwoPerByte()
    {
        string[] ids = [new string('7', 300), "T-" + new string('a', 126), "LB2101231010000123", new string('文', 128)];
        var buffer = new byte[ids.Sum(PackedIds.MaxBytes)];
        var at = 0;
        foreach (var id in ids)
        {
            at += PackedIds.Write(id, buffer.AsSpan(at));
        }

        var back = new List<string>();
        for (var read = 0; read < at;)
        {
            var (id, bytes) = PackedIds.Read(buffer.AsSpan(read));
            back.Add(id);
            read += bytes;
        }

        Assert.Equal(ids, back);
        Assert.Equal(13, PackedIds.Write("LB2101231010000123", new byte[64])); // length, "LB", marker, count, 8 bytes for 16 digits
    }
}
