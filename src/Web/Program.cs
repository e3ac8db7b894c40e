using EMage.GraphQL;
using EMage.GraphQL.Transport;
using EMage.Web;
using EMage.Web.Authentication;
using EMage.Web.Benchmarks;
using EMage.Web.DicomWeb;
using EMage.Projections.Store;
using EMage.Web.Health;
using EMage.Web.Jobs;
using EMage.Web.Mail;
using EMage.Web.Shares;
using EMage.Web.Client;
using EMage.Web.Network;
using Marten;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEmageStore(builder.Configuration, builder.Environment);
builder.Services.AddEmageCookieSessions(builder.Configuration, builder.Environment);
builder.Services.AddAuthorization();
builder.Services.AddEmageGraphQL(builder.Configuration, introspection: builder.Environment.IsDevelopment());
builder.Services.AddEmageLocalization();
builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddHostedService<EMage.Web.Jobs.ReadModelBackfill>(); // before the demo data: it reads the store as it was
builder.Services.AddHostedService<EMage.Web.Jobs.InstanceReindex>();
builder.Services.AddEmageDemoData(builder.Environment, builder.Configuration);
builder.Services.AddEmageMail(builder.Configuration, builder.Environment);
builder.Services.AddEmageJobs(builder.Configuration);

var app = builder.Build();

if (args is ["rebuild-projections", ..])
{
    await ProjectionRebuilder.RebuildAll(app.Services.GetRequiredService<IDocumentStore>(), Console.WriteLine);
    return;
}

app.UseEmageReverseProxy(); // first: everything after it sees the client's address and scheme
app.UseEmageSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLocalization();
app.UseEmageClient();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
app.UseAuthentication();
app.UseAuthorization();
app.UseShareGate();

app.MapEmageHealth();
app.MapEmageGraphQL();
app.MapDicomWeb();
app.MapReports();
app.MapShareRecipient();
app.MapDevMailbox(app.Environment);
app.MapEmageClient(app.Environment);
app.MapPlainHome(app.Configuration);

app.Run();

/// <summary>Visible to the functional tests (WebApplicationFactory).</summary>
public partial class Program;
