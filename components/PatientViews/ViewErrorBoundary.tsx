// One patient view's error stays that view's: with the next beds rendered beforehand, a record that
// breaks a render (a resource no rule expected) must not blank the whole panel in the middle of a round.
// A hidden view that fails shows nothing (the switch to it then shows the error); the visible one says
// so where the prompts would be, and the rest of the screen (header, ward list, other beds) stays.
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function ViewError({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <div className="pz-view">
      <div className="pz-alert" role="alert">
        <p>{t('app.loadError', { message })}</p>
      </div>
    </div>
  );
}

export class ViewErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  render() {
    // (only the message: never a stack or a resource, which would carry the patient's data)
    return this.state.error ? <ViewError message={this.state.error.message} /> : this.props.children;
  }
}
