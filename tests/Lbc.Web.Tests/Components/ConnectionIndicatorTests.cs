using Bunit;
using Lbc.Web.Components.Controls;
using Lbc.Web.Model;

namespace Lbc.Web.Tests.Components;

public sealed class ConnectionIndicatorTests : DashboardTestContext
{
    [Theory]
    [InlineData(ConnectionState.Connecting, "正在连接", "connection-connecting")]
    [InlineData(ConnectionState.Connected, "已连接", "connection-connected")]
    [InlineData(ConnectionState.Reconnecting, "正在重连", "connection-reconnecting")]
    [InlineData(ConnectionState.Disconnected, "已断开", "connection-disconnected")]
    public void Render_State_ShowsStateTextAndColorClass(ConnectionState state, string text, string cssClass)
    {
        var cut = Render<ConnectionIndicator>(ps => ps.Add(p => p.State, state));

        Assert.Equal(text, cut.Find(".connection .text").TextContent);
        Assert.Contains(cssClass, cut.Find(".connection").ClassList);
    }

    [Fact]
    public void Render_EnglishCulture_EnglishText()
    {
        SetCulture("en");

        var cut = Render<ConnectionIndicator>(ps => ps.Add(p => p.State, ConnectionState.Reconnecting));

        Assert.Equal("Reconnecting", cut.Find(".connection .text").TextContent);
    }
}
