using EMage.Projections.Mail;
using Quartz;

namespace EMage.Web.Mail;

/// <summary>The Quartz job that delivers the outbox (every node runs it; messages are locked one by one).</summary>
[DisallowConcurrentExecution]
public sealed class OutboxJob(OutboxDelivery delivery) : IJob
{
    public static readonly JobKey Key = new("outbox");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await delivery.RunDue(cancellationToken) == OutboxDelivery.BatchSize)
        {
        }
    }
}

/// <summary>Runs the job at once when this node commits new e-mail, instead of waiting for its schedule.</summary>
public sealed class OutboxWakeUp(OutboxSignal signal, ISchedulerFactory schedulers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await signal.Wait(TimeSpan.FromMinutes(1), stoppingToken))
                {
                    try
                    {
                        var scheduler = await schedulers.GetScheduler(stoppingToken);
                        await scheduler.TriggerJob(OutboxJob.Key, stoppingToken);
                    }
                    catch (SchedulerException)
                    {
                        // Not started yet, or shutting down: the schedule delivers it.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

public static class MailRegistration
{
    public static IServiceCollection AddEmageMail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        services.AddSingleton(options);
        services.AddSingleton(configuration.GetSection("Mail").Get<MailSettings>() ?? new MailSettings());
        if (options.SmtpHost is { Length: > 0 })
        {
            services.AddSingleton<IMailTransport, SmtpTransport>();
        }
        else if (environment.IsProduction())
        {
            throw new InvalidOperationException("Mail:SmtpHost is required in production (Mail__SmtpHost).");
        }
        else
        {
            services.AddSingleton<IMailTransport>(new MailboxDirectoryTransport(MailboxDirectory(options)));
        }

        services.AddSingleton<OutboxDelivery>();
        services.AddHostedService<OutboxWakeUp>();
        return services;
    }

    public static string MailboxDirectory(MailOptions options) =>
        options.MailboxDirectory is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetEnvironmentVariable("EMAGE_DATA") is { Length: > 0 } data ? data : Path.GetTempPath(), "mailbox");
}
