using Lbc.Web.Model;
using Lbc.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Lbc.Web.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    private IDisposable? _subscription;

    [Inject] public required DashboardStore Store { get; init; }
    [Inject] public required IStringLocalizer<Strings> L { get; init; }

    protected override void OnInitialized()
    {
        _subscription = Store.Subscribe(() => InvokeAsync(StateHasChanged));
        _ = Store.StartAsync();
    }

    public void Dispose() => _subscription?.Dispose();
}
