import type { ReactNode } from 'react';
import type { EngineStatus } from '../../../src/shared/contract';
import { CopyButton } from '../common/CopyButton';
import { RelativeTime } from '../common/RelativeTime';
import { Spinner } from '../common/Spinner';
import { StatusDot } from '../common/StatusDot';
import { endpointSourceLabel, engineLabel, formatBytes } from '../format';
import { useEngine, useUi } from '../state';
import './engine.css';

type UpStatus = Extract<EngineStatus, { state: 'up' }>;

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h3 className="card__title">{title}</h3>
      <dl className="facts">{children}</dl>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Which engine this is and what it runs on, at a glance. */
export function EngineUpPanel({ status }: { status: UpStatus }) {
  const checking = useEngine((s) => s.checking);
  const refresh = useEngine((s) => s.refresh);
  const go = useUi((s) => s.go);
  const { info } = status;
  const { endpoint } = info;

  return (
    <section className="engine-up" data-testid="engine-up" aria-labelledby="engine-up-title">
      <header className="engine-hero">
        <StatusDot health="up" />
        <div className="engine-hero__text">
          <h2 id="engine-up-title">Connected to {engineLabel(info)}</h2>
          <p>
            {info.name} · {info.os}/{info.arch} · checked <RelativeTime iso={status.checkedAt} />
          </p>
        </div>
        <button type="button" className="button" onClick={() => void refresh()} disabled={checking}>
          {checking ? <Spinner /> : null}
          {checking ? 'Checking…' : 'Check again'}
        </button>
      </header>

      <div className="cards">
        <Card title="Connection">
          <Fact label="Endpoint">
            <code>{endpoint.address}</code>
            <CopyButton text={endpoint.address} label="endpoint address" />
          </Fact>
          <Fact label="From">{endpointSourceLabel(endpoint)}</Fact>
          <Fact label="TLS">{endpoint.tls ? 'Yes' : 'No'}</Fact>
          <Fact label="Rootless">{info.rootless ? 'Yes' : 'No'}</Fact>
        </Card>
        <Card title="Engine">
          <Fact label="Product">{info.product}</Fact>
          <Fact label="Version">{info.serverVersion}</Fact>
          <Fact label="API version">{info.apiVersion}</Fact>
          <Fact label="OS / arch">
            {info.os}/{info.arch}
          </Fact>
          <Fact label="Kernel">{info.kernelVersion}</Fact>
          <Fact label="Operating system">{info.operatingSystem}</Fact>
          <Fact label="Storage driver">{info.storageDriver}</Fact>
        </Card>
        <Card title="Resources">
          <Fact label="CPUs">{info.cpus}</Fact>
          <Fact label="Memory">{formatBytes(info.memTotal)}</Fact>
          <Fact label="Images">
            {info.images}{' '}
            <button type="button" className="link-button" onClick={() => go('images')}>
              Show images
            </button>
          </Fact>
          <Fact label="Containers">
            {info.containersRunning} running / {info.containers} total
          </Fact>
        </Card>
      </div>
    </section>
  );
}
