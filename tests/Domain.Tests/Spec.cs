using EMage.Domain.Common;

namespace EMage.Domain.Tests;

/// <summary>
/// Given(events).When(command).Then(events) over any pure decider: the given events are folded with
/// Evolve, the command is decided, and the produced events (or the thrown code) are compared.
/// </summary>
public sealed class Spec<TState, TCommand>(
    TState initial, Func<TState, object, TState> evolve, Func<TCommand, TState, IReadOnlyList<object>> decide)
{
    private object[] _given = [];
    private TCommand? _when;

    public Spec<TState, TCommand> Given(params object[] events)
    {
        _given = events;
        return this;
    }

    public Spec<TState, TCommand> When(TCommand command)
    {
        _when = command;
        return this;
    }

    /// <summary>Events are compared by type and JSON, so records holding lists compare by content.</summary>
    public void Then(params object[] expected)
    {
        var produced = Run();
        Assert.Equal(expected.Select(Describe), produced.Select(Describe));
    }

    private static string Describe(object e) =>
        e.GetType().Name + " " + System.Text.Json.JsonSerializer.Serialize(e, e.GetType());

    public void ThenNothing() => Assert.Empty(Run());

    public void ThenFails(string code)
    {
        var error = Assert.Throws<DomainException>(() => Run());
        Assert.Equal(code, error.Code);
    }

    private IReadOnlyList<object> Run()
    {
        var state = _given.Aggregate(initial, evolve);
        return decide(_when ?? throw new InvalidOperationException("When(...) was not called."), state);
    }
}
