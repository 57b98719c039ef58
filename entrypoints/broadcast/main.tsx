import { render } from 'preact';

render(<p>Lumo Segments</p>, document.getElementById('app')!);
