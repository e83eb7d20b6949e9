/// Every repository the API needs, as one store (`SQLiteStore`) provides them.
public typealias Repositories = TaskRunRepository & FlowRepository & FlowRunRepository & DeploymentRepository
    & LogRepository & ConcurrencyLimitRepository
