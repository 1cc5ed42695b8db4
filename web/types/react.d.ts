// `<agent-kpi-panel>` in React 19's JSX: `import type {} from 'agent-kpi/react';` once in a
// host's code, and the element takes its attributes, a `ref` to the element's own type, and
// React's common props.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { AgentKpiPanel, AgentKpiPanelAttributes } from './agent-kpi';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'agent-kpi-panel': DetailedHTMLProps<HTMLAttributes<AgentKpiPanel>, AgentKpiPanel> & AgentKpiPanelAttributes;
    }
  }
}
