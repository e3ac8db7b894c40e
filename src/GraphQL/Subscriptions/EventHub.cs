using System.Collections.Concurrent;
using JasperFx.Events;

namespace EMage.GraphQL.Subscriptions;

/// <summary>
/// This node's fan-out of the events read from the store by <see cref="EventTail"/>. Every node
/// has its own tail and hub, so a write on any node reaches the subscribers of every node.
/// </summary>
public sealed class EventHub : IObservable<IEvent>
{
    private readonly ConcurrentDictionary<Guid, IObserver<IEvent>> _observers = new();

    public int SubscriberCount => _observers.Count;

    public IDisposable Subscribe(IObserver<IEvent> observer)
    {
        var id = Guid.NewGuid();
        _observers[id] = observer;
        return new Unsubscriber(() => _observers.TryRemove(id, out _));
    }

    /// <summary>Called by the tail, in store order.</summary>
    public void Publish(IEvent e)
    {
        foreach (var observer in _observers.Values)
        {
            observer.OnNext(e);
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}

/// <summary>The two operators the subscriptions need, without a reactive library.</summary>
public static class ObservableExtensions
{
    public static IObservable<TResult> Choose<TSource, TResult>(this IObservable<TSource> source, Func<TSource, TResult?> map)
        where TResult : class => new Chosen<TSource, TResult>(source, map);

    private sealed class Chosen<TSource, TResult>(IObservable<TSource> source, Func<TSource, TResult?> map) : IObservable<TResult>
        where TResult : class
    {
        public IDisposable Subscribe(IObserver<TResult> observer) => source.Subscribe(new Observer(observer, map));

        private sealed class Observer(IObserver<TResult> inner, Func<TSource, TResult?> map) : IObserver<TSource>
        {
            public void OnCompleted() => inner.OnCompleted();

            public void OnError(Exception error) => inner.OnError(error);

            public void OnNext(TSource value)
            {
                if (map(value) is { } mapped)
                {
                    inner.OnNext(mapped);
                }
            }
        }
    }
}
