using Lbc.Contracts;

namespace Lbc.TestSupport;

public static class TestFigures
{
    /// <summary>Figures with the given counts, every other figure 0.</summary>
    public static Figures Of(params (Figure Figure, int Count)[] counts)
    {
        var builder = Figures.Build();
        foreach (var (figure, count) in counts)
        {
            builder[figure] = count;
        }
        return builder.ToFigures();
    }
}
