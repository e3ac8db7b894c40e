using EMage.Projections;
using EMage.Projections.Store;
using EMage.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EMage.Projections.Tests;

/// <summary>A database of its own on the run's PostgreSQL, a Marten store on it, and the handlers.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public ManualClock Clock { get; } = new();
    public string ConnectionString { get; private set; } = "";
    public DocumentStore Store { get; private set; } = null!;
    public IServiceProvider Services { get; private set; } = null!;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresCluster.CreateDatabase("projections");
        Store = DocumentStore.For(opts => EmageStore.Configure(opts, ConnectionString));
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        Services = new ServiceCollection()
            .AddSingleton<IDocumentStore>(Store)
            .AddSingleton<TimeProvider>(Clock)
            .AddEmageHandlers("test-key-for-unknown-emails-0001"u8.ToArray())
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await PostgresCluster.DropDatabase(ConnectionString);
    }
}
