using Lbc.Web.Model;
using static Lbc.Web.Tests.TestData;

namespace Lbc.Web.Tests.Model;

/// <summary>The new-report alarm: what rings, when, and what stays highlighted.</summary>
public sealed class ReportAlarmTests
{
    [Fact]
    public void Observe_CasesPresentAtLoad_NotNewsAndNoSound()
    {
        var alarm = new ReportAlarm();

        alarm.Observe([Case("a", priority: 2, stage: "acknowledged")]);

        Assert.Equal(0, alarm.UnseenCount);
        Assert.Equal(AlarmSound.None, alarm.Next());
    }

    [Fact]
    public void Observe_NewReport_RingsOnceAndStaysUnseenUntilOpened()
    {
        var alarm = new ReportAlarm();
        alarm.Observe([]);

        alarm.Observe([Case("b", priority: 3)]);

        Assert.Equal(1, alarm.UnseenCount);
        Assert.Equal(AlarmSound.NewReport, alarm.Next());
        Assert.Equal(AlarmSound.None, alarm.Next());
        alarm.MarkSeen("b");
        Assert.Equal(0, alarm.UnseenCount);
    }

    [Fact]
    public void Observe_PriorityOneReport_RingsEveryBeatUntilAcknowledged()
    {
        var alarm = new ReportAlarm();
        alarm.Observe([]);
        alarm.Observe([Case("m", priority: 1, category: "missing", stage: "received")]);

        Assert.Equal(AlarmSound.Urgent, alarm.Next());
        Assert.Equal(AlarmSound.Urgent, alarm.Next());

        alarm.Observe([Case("m", priority: 1, category: "missing", stage: "acknowledged")]);
        Assert.Equal(AlarmSound.None, alarm.Next());
    }

    [Fact]
    public void Muted_NoSoundButTheRowStaysHighlighted()
    {
        var alarm = new ReportAlarm { Muted = true };
        alarm.Observe([]);
        alarm.Observe([Case("m", priority: 1, stage: "received")]);

        Assert.Equal(AlarmSound.None, alarm.Next());
        Assert.True(alarm.IsUnseen("m"));
        Assert.Equal(1, alarm.UnacknowledgedUrgent);
    }
}
